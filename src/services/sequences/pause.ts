import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { appendEvent, type EnrollmentRow, lockEnrollment } from '../../db/queries/enrollments';
import { getVersion } from '../../db/queries/sequences';
import { enrollments } from '../../db/schema';
import { type PauseReason, transition } from '../../domain/sequences/machine';
import { enqueue } from '../../jobs/enqueue';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { cancelPendingJob } from './exit';
import { planStep } from './plan-step';
import { scheduleJob } from './schedule-step';

export type PauseError = { code: 'not_found' } | { code: 'invalid_transition'; status: string };

/** Pauses and cancels the due step's job; with `until`, a resume job is scheduled for then. */
export async function pauseEnrollment(
  deps: AppDeps,
  tx: Queryable,
  enrollmentId: string,
  input: { reason: PauseReason; until?: Date | null; actor: string; note?: string },
): Promise<Result<EnrollmentRow, PauseError>> {
  const e = await lockEnrollment(tx, enrollmentId);
  if (!e) return err({ code: 'not_found' });
  const next = transition(
    { status: e.status, pauseReason: e.pauseReason },
    { type: 'pause', reason: input.reason },
  );
  if (!next.ok) return err({ code: 'invalid_transition', status: e.status });
  const now = deps.clock.now();
  await cancelPendingJob(deps, tx, e);
  let jobId: string | null = null;
  if (input.until) {
    jobId = crypto.randomUUID();
    await enqueue(
      deps.boss,
      tx,
      'sequence.resumePaused',
      { enrollmentId: e.id },
      { id: jobId, startAfter: input.until },
    );
  }
  const [updated] = await tx
    .update(enrollments)
    .set({
      status: 'paused',
      pauseReason: input.reason,
      pausedUntil: input.until ?? null,
      jobId,
      jobName: jobId ? 'sequence.resumePaused' : null,
      stepCount: e.stepCount + 1, // invalidates the cancelled step job should it still run
      updatedAt: now,
    })
    .where(eq(enrollments.id, e.id))
    .returning();
  await appendEvent(tx, {
    installationId: e.installationId,
    enrollmentId: e.id,
    type: 'paused',
    from: e.status,
    to: 'paused',
    stepKey: e.currentStepKey,
    reason: input.reason,
    actor: input.actor,
    data: { until: input.until?.toISOString() ?? null, ...(input.note ? { note: input.note } : {}) },
    at: now,
  });
  return ok(updated!);
}

/** Resumes on the step it was paused on, re-planned into the window and never before now. */
export async function resumeEnrollment(
  deps: AppDeps,
  tx: Queryable,
  enrollmentId: string,
  input: { actor: string; reason: string; onlyReason?: PauseReason },
): Promise<Result<EnrollmentRow, PauseError>> {
  const e = await lockEnrollment(tx, enrollmentId);
  if (!e) return err({ code: 'not_found' });
  if (input.onlyReason && e.pauseReason !== input.onlyReason) {
    return err({ code: 'invalid_transition', status: e.status });
  }
  const next = transition({ status: e.status, pauseReason: e.pauseReason }, { type: 'resume' });
  if (!next.ok || !e.currentStepKey) return err({ code: 'invalid_transition', status: e.status });
  await cancelPendingJob(deps, tx, e);
  const version = await getVersion(tx, e.sequenceVersionId);
  const step = version?.definition.steps.find((s) => s.key === e.currentStepKey);
  if (!version || !step) throw new Error(`Enrollment ${e.id} points at a missing step`);
  const now = deps.clock.now();
  // Re-planned from when it was due (or now, if that passed): back inside the window, clear of the
  // contact's other mail. The delay was already served before the pause.
  const from = e.stepDueAt && e.stepDueAt > now ? e.stepDueAt : now;
  const plan = await planStep(deps, tx, {
    enrollment: e,
    version,
    step,
    previousAt: from,
    now,
    delay: { amount: 0, unit: 'minutes' },
  });
  const resumed = await scheduleJob(deps, tx, e, version, step, plan.at, {
    type: 'resumed',
    reason: input.reason,
    actor: input.actor,
    data: {
      dueAt: plan.at.toISOString(),
      pausedFor: e.pauseReason,
      local: plan.local,
      zone: plan.zone,
      zoneSource: plan.zoneSource,
      reasons: plan.reasons,
      details: plan.details,
    },
    nextCount: e.stepCount + 1,
  });
  return ok(resumed);
}
