import { and, eq, sql } from 'drizzle-orm';
import type { EnrollmentStatus } from '../../domain/sequences/machine';
import type { Queryable } from '../client';
import { enrollmentEvents, enrollments } from '../schema';
import { queueSequenceStatePush } from './crm-push';

export type EnrollmentRow = typeof enrollments.$inferSelect;

/** Invariant 2: handlers and exits hold the enrollment row lock while they decide. */
export async function lockEnrollment(tx: Queryable, id: string): Promise<EnrollmentRow | null> {
  const rows = await tx.select().from(enrollments).where(eq(enrollments.id, id)).for('update');
  return rows[0] ?? null;
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
  const [row] = await tx
    .insert(enrollmentEvents)
    .values({
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
    })
    .returning({ id: enrollmentEvents.id });
  if (row && (e.from !== e.to || CRM_VISIBLE.has(e.type))) {
    await queueSequenceStatePush(tx, { enrollmentId: e.enrollmentId, eventId: row.id, now: e.at });
  }
}

export async function listEvents(db: Queryable, enrollmentId: string) {
  return db
    .select()
    .from(enrollmentEvents)
    .where(eq(enrollmentEvents.enrollmentId, enrollmentId))
    .orderBy(enrollmentEvents.id);
}
