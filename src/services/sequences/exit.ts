import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  appendEvents,
  type EnrollmentRow,
  lockEnrollment,
  type NewEvent,
} from '../../db/queries/enrollments';
import { enrollments } from '../../db/schema';
import { type EnrollmentStatus, type EnrollmentTrigger, transition } from '../../domain/sequences/machine';
import type { JobName } from '../../jobs/catalog';
import { cancelJob } from '../../jobs/enqueue';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';

export type ExitTrigger = Extract<
  EnrollmentTrigger,
  { type: 'reply' | 'opt_out' | 'complaint' | 'hard_bounce' | 'remove' | 'fail' }
>;

export type ExitMeta = { reason: string; actor: string; data?: Record<string, unknown> };

export type ExitError = { code: 'not_found' } | { code: 'invalid_transition'; status: string };

/**
 * The one exit path (invariant 7): under the row lock, apply the transition, cancel the pending
 * job in the same transaction, append the event. Handlers re-check state, so a job that escaped
 * cancellation still does nothing.
 */
export async function exitEnrollment(
  deps: AppDeps,
  tx: Queryable,
  enrollmentId: string,
  trigger: ExitTrigger,
  meta: ExitMeta,
): Promise<Result<EnrollmentRow, ExitError>> {
  const e = await lockEnrollment(tx, enrollmentId);
  if (!e) return err({ code: 'not_found' });
  const next = transition({ status: e.status, pauseReason: e.pauseReason }, trigger);
  if (!next.ok) return err({ code: 'invalid_transition', status: e.status });
  await cancelPendingJob(deps, tx, e);
  return ok(
    await endEnrollment(deps, tx, e, next.state.status, {
      type: 'exited',
      reason: meta.reason,
      actor: meta.actor,
      data: { trigger: trigger.type, ...meta.data },
    }),
  );
}

/**
 * Writes the end of an enrollment (any terminal state, completion included) and its event. The
 * caller holds the row lock, has checked the transition and has cancelled any pending job.
 */
export async function endEnrollment(
  deps: AppDeps,
  tx: Queryable,
  e: EnrollmentRow,
  status: EnrollmentStatus,
  event: Ending['event'],
): Promise<EnrollmentRow> {
  const { rows, events } = await endEnrollments(deps, tx, [{ e, status, event }]);
  await appendEvents(tx, events);
  return rows[0]!;
}

export type Ending = {
  e: EnrollmentRow;
  status: EnrollmentStatus;
  event: { type: string; reason: string; actor: string; data?: Record<string, unknown> };
};

/**
 * The same for a batch: one update per (status, reason), and the events handed back for the caller
 * to append with its own (one insert). Rows come back in the order given.
 */
export async function endEnrollments(
  deps: AppDeps,
  tx: Queryable,
  ends: readonly Ending[],
): Promise<{ rows: EnrollmentRow[]; events: NewEvent[] }> {
  const now = deps.clock.now();
  const groups = new Map<string, Ending[]>();
  for (const end of ends) {
    const key = `${end.status}\u0000${end.event.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), end]);
  }
  const updated = new Map<string, EnrollmentRow>();
  for (const group of groups.values()) {
    const first = group[0]!;
    const rows = await tx
      .update(enrollments)
      .set({
        status: first.status,
        pauseReason: null,
        pausedUntil: null,
        currentStepKey: null,
        stepDueAt: null,
        jobId: null,
        jobName: null,
        exitReason: first.event.reason,
        updatedAt: now,
        endedAt: now,
      })
      .where(
        inArray(
          enrollments.id,
          group.map((g) => g.e.id),
        ),
      )
      .returning();
    for (const row of rows) updated.set(row.id, row);
  }
  const events = ends.map(({ e, status, event }) => ({
    installationId: e.installationId,
    enrollmentId: e.id,
    type: event.type,
    from: e.status,
    to: status,
    stepKey: e.currentStepKey,
    reason: event.reason,
    actor: event.actor,
    data: event.data ?? {},
    at: now,
  }));
  return { rows: ends.map(({ e }) => updated.get(e.id)!), events };
}

/** Ends every live enrollment of a contact at once (opt-out, hard bounce, complaint, deletion). */
export async function exitAllForContact(
  deps: AppDeps,
  tx: Queryable,
  contact: { installationId: string; contactId: string },
  trigger: ExitTrigger,
  meta: ExitMeta,
): Promise<string[]> {
  const live = await tx
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.installationId, contact.installationId),
        eq(enrollments.contactId, contact.contactId),
        sql`${enrollments.status} in ('active', 'paused')`,
      ),
    )
    .orderBy(enrollments.id); // a fixed lock order keeps concurrent exits from deadlocking
  const exited: string[] = [];
  for (const { id } of live) {
    const result = await exitEnrollment(deps, tx, id, trigger, meta);
    if (result.ok) exited.push(id);
  }
  return exited;
}

export async function cancelPendingJob(deps: AppDeps, tx: Queryable, e: EnrollmentRow): Promise<void> {
  if (e.jobId && e.jobName) await cancelJob(deps.boss, tx, e.jobName as JobName, e.jobId);
}
