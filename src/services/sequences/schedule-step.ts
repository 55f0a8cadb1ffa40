import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { appendEvent, type EnrollmentRow } from '../../db/queries/enrollments';
import type { VersionRow } from '../../db/queries/sequences';
import { enrollments } from '../../db/schema';
import type { PublishedStep } from '../../domain/sequences/definition';
import { enqueue } from '../../jobs/enqueue';
import type { AppDeps } from '../deps';
import { endEnrollment } from './exit';
import { planStep } from './plan-step';
import { queueForStep } from './step-queue';

type Move = {
  enrollment: EnrollmentRow;
  version: VersionRow;
  /** The step to enter; null completes the enrollment. */
  stepKey: string | null;
  /** When the previous step happened (or the enrollment started): delays count from here. */
  previousAt: Date;
  reason: string;
  actor: string;
};

/**
 * Moves an enrollment onto a step (or to completed) and enqueues the step's job in the same
 * transaction (invariant 1). The caller holds the row lock.
 */
export async function enterStep(deps: AppDeps, tx: Queryable, move: Move): Promise<EnrollmentRow> {
  const now = deps.clock.now();
  const { enrollment: e, version } = move;
  if (move.stepKey === null) {
    // The job that got here is the one running: nothing is pending to cancel.
    return endEnrollment(deps, tx, e, 'completed', {
      type: 'completed',
      reason: 'completed',
      data: { after: move.reason },
      actor: move.actor,
    });
  }
  const step = version.definition.steps.find((s) => s.key === move.stepKey);
  if (!step) throw new Error(`Version ${version.id} has no step ${move.stepKey}`);
  const plan = await planStep(deps, tx, { enrollment: e, version, step, previousAt: move.previousAt, now });
  return scheduleJob(deps, tx, e, version, step, plan.at, {
    type: 'step_scheduled',
    reason: move.reason,
    actor: move.actor,
    data: {
      dueAt: plan.at.toISOString(),
      zone: plan.zone,
      zoneSource: plan.zoneSource,
      reasons: plan.reasons,
    },
    nextCount: e.stepCount + 1,
  });
}

/** Enqueues the job for `step` at `at` and records it on the enrollment, with an event. */
export async function scheduleJob(
  deps: AppDeps,
  tx: Queryable,
  e: EnrollmentRow,
  version: VersionRow,
  step: PublishedStep,
  at: Date,
  event: { type: string; reason: string; actor: string; data: Record<string, unknown>; nextCount: number },
): Promise<EnrollmentRow> {
  const now = deps.clock.now();
  const jobId = crypto.randomUUID();
  const jobName = queueForStep(step.kind);
  await enqueue(
    deps.boss,
    tx,
    jobName,
    { enrollmentId: e.id, stepKey: step.key, versionId: version.id, stepCount: event.nextCount },
    { id: jobId, startAfter: at },
  );
  const [updated] = await tx
    .update(enrollments)
    .set({
      status: 'active',
      pauseReason: null,
      pausedUntil: null,
      currentStepKey: step.key,
      stepDueAt: at,
      jobId,
      jobName,
      stepCount: event.nextCount,
      updatedAt: now,
    })
    .where(eq(enrollments.id, e.id))
    .returning();
  await appendEvent(tx, {
    installationId: e.installationId,
    enrollmentId: e.id,
    type: event.type,
    from: e.status,
    to: 'active',
    stepKey: step.key,
    reason: event.reason,
    actor: event.actor,
    data: event.data,
    at: now,
  });
  return updated!;
}
