import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { EnrollmentStatus } from '../../domain/sequences/machine';
import type { Queryable } from '../client';
import { enrollmentEvents, enrollments } from '../schema';
import { queueSequenceStatePushes } from './crm-push';

export type EnrollmentRow = typeof enrollments.$inferSelect;

/** Invariant 2: handlers and exits hold the enrollment row lock while they decide. */
export async function lockEnrollment(tx: Queryable, id: string): Promise<EnrollmentRow | null> {
  const rows = await tx.select().from(enrollments).where(eq(enrollments.id, id)).for('update');
  return rows[0] ?? null;
}

/** Many at once, in id order (the order every batch takes them in, so two batches cannot deadlock). */
export async function lockEnrollments(tx: Queryable, ids: readonly string[]): Promise<EnrollmentRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(enrollments)
    .where(inArray(enrollments.id, [...new Set(ids)]))
    .orderBy(asc(enrollments.id))
    .for('update');
}

export async function getEnrollment(
  db: Queryable,
  params: { installationId: string; id: string },
): Promise<EnrollmentRow | null> {
  const rows = await db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.installationId, params.installationId), eq(enrollments.id, params.id)));
  return rows[0] ?? null;
}

export async function getLiveEnrollment(
  db: Queryable,
  params: { installationId: string; contactId: string; sequenceId: string },
): Promise<EnrollmentRow | null> {
  const rows = await db
    .select()
    .from(enrollments)
    .where(
      and(
        eq(enrollments.installationId, params.installationId),
        eq(enrollments.contactId, params.contactId),
        eq(enrollments.sequenceId, params.sequenceId),
        sql`${enrollments.status} in ('active', 'paused')`,
      ),
    );
  return rows[0] ?? null;
}

export type NewEvent = {
  installationId: string;
  enrollmentId: string;
  type: string;
  from: EnrollmentStatus | null;
  to: EnrollmentStatus;
  stepKey?: string | null;
  reason: string;
  actor: string;
  data?: Record<string, unknown>;
  at: Date;
};

/** Events that change what the CRM shows of the contact's sequence (status, last step, next step). */
const CRM_VISIBLE = new Set(['step_scheduled', 'email_sent', 'requeued']);

/** Invariant 8: every transition appends a row (and queues the CRM's view of it). */
export async function appendEvent(tx: Queryable, e: NewEvent): Promise<void> {
  await appendEvents(tx, [e]);
}

/** Many events in one insert, in the order given, and the CRM's view of those that show there. */
export async function appendEvents(tx: Queryable, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = await tx
    .insert(enrollmentEvents)
    .values(
      events.map((e) => ({
        installationId: e.installationId,
        enrollmentId: e.enrollmentId,
        type: e.type,
        fromStatus: e.from,
        toStatus: e.to,
        stepKey: e.stepKey ?? null,
        reason: e.reason,
        actor: e.actor,
        data: e.data ?? {},
        at: e.at,
      })),
    )
    .returning({ id: enrollmentEvents.id });
  // A bigserial numbers the rows of one insert in the order of its values.
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  const visible = events.flatMap((e, i) => {
    const eventId = ids[i];
    return eventId !== undefined && (e.from !== e.to || CRM_VISIBLE.has(e.type))
      ? [{ enrollmentId: e.enrollmentId, eventId }]
      : [];
  });
  const at = events[events.length - 1]?.at ?? new Date();
  await queueSequenceStatePushes(tx, visible, at);
}

export async function listEvents(db: Queryable, enrollmentId: string) {
  return db
    .select()
    .from(enrollmentEvents)
    .where(eq(enrollmentEvents.enrollmentId, enrollmentId))
    .orderBy(enrollmentEvents.id);
}
