import type { Queryable } from '../../db/client';
import { type EnrollmentRow, lockEnrollment } from '../../db/queries/enrollments';
import { getVersion, type VersionRow } from '../../db/queries/sequences';
import type { PublishedStep } from '../../domain/sequences/definition';
import type { JobPayload } from '../../jobs/catalog';

export type StepPayload = JobPayload<'sequence.runEmail'>;
export type StepOutcome = 'stale' | 'advanced' | 'sent' | 'rescheduled' | 'exited' | 'unknown';

/** Locks the enrollment and returns it only if the job is for its current step (invariant 2). */
export async function lockIfCurrent(tx: Queryable, payload: StepPayload): Promise<Current | null> {
  return currentOf(tx, await lockEnrollment(tx, payload.enrollmentId), payload);
}

export type Current = { e: EnrollmentRow; version: VersionRow; step: PublishedStep };

/** The check of `lockIfCurrent` on a row the caller has locked (a batch locks them all at once). */
export async function currentOf(
  tx: Queryable,
  e: EnrollmentRow | null | undefined,
  payload: StepPayload,
): Promise<Current | null> {
  if (e?.status !== 'active') return null;
  if (e.currentStepKey !== payload.stepKey || e.sequenceVersionId !== payload.versionId) return null;
  if (payload.stepCount !== undefined && e.stepCount !== payload.stepCount) return null;
  const version = await getVersion(tx, e.sequenceVersionId);
  const step = version?.definition.steps.find((s) => s.key === payload.stepKey);
  if (!version || !step) return null;
  return { e, version, step };
}
