import type { Queryable } from '../../db/client';
import type { EnrollmentRow } from '../../db/queries/enrollments';
import type { VersionRow } from '../../db/queries/sequences';
import type { PublishedStep } from '../../domain/sequences/definition';
import { addDelay } from '../../domain/sequences/schedule';
import type { AppDeps } from '../../http/context';

export type StepPlan = { at: Date; zone: string | null; zoneSource: string | null; reasons: string[] };

/** When a step is due. Delays count from the previous step; never before now. */
export async function planStep(
  _deps: AppDeps,
  _tx: Queryable,
  input: { enrollment: EnrollmentRow; version: VersionRow; step: PublishedStep; previousAt: Date; now: Date },
): Promise<StepPlan> {
  const due = addDelay(input.previousAt, input.step.delay);
  const at = due < input.now ? input.now : due;
  return { at, zone: null, zoneSource: null, reasons: due < input.now ? ['not_before_now'] : [] };
}
