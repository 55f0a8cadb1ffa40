import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { appendEvent, type EnrollmentRow, lockEnrollment } from '../../db/queries/enrollments';
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
  event: { type: string; reason: string; actor: string; data?: Record<string, unknown> },
): Promise<EnrollmentRow> {
  const now = deps.clock.now();
  const [updated] = await tx
    .update(enrollments)
    .set({
      status,
      pauseReason: null,
      pausedUntil: null,
      currentStepKey: null,
      stepDueAt: null,
      jobId: null,
      jobName: null,
      exitReason: event.reason,
      updatedAt: now,
      endedAt: now,
    })
    .where(eq(enrollments.id, e.id))
    .returning();
  await appendEvent(tx, {
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
  });
  return updated!;
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
