import type { Queryable } from '../../db/client';
import type { EnrollmentRow } from '../../db/queries/enrollments';
import type { VersionRow } from '../../db/queries/sequences';
import type { Delay } from '../../domain/cadence/delay';
import type { Reason } from '../../domain/cadence/reasons';
import type { PublishedStep } from '../../domain/sequences/definition';
import { loadCadenceInputs, planContext } from '../cadence/context';
import { planStepTime, reasonCodes } from '../cadence/timing';
import type { AppDeps } from '../deps';

export type StepPlan = {
  at: Date;
  zone: string | null;
  zoneSource: string | null;
  /** Reason codes (outside_window, weekend, business_days, spacing, ...), recorded with the event. */
  reasons: string[];
  /** The same reasons with their human-readable detail. */
  details: Reason[];
  /** `at` on the contact's clock. */
  local: string;
};

/**
 * When a step is due, by the cadence planner: delays count from the previous step in the
 * contact's zone, mail lands inside the window and clear of the contact's other mail (spacing,
 * cap), never before now. `delay` overrides the step's own (a resume re-plans with none).
 */
export async function planStep(
  deps: AppDeps,
  tx: Queryable,
  input: {
    enrollment: EnrollmentRow;
    version: VersionRow;
    step: PublishedStep;
    previousAt: Date;
    now: Date;
    delay?: Delay;
  },
): Promise<StepPlan> {
  const { enrollment: e, step, now } = input;
  const inputs = await loadCadenceInputs(tx, {
    installationId: e.installationId,
    contactId: e.contactId,
    at: now,
  });
  const ctx = planContext(inputs, {
    contact: inputs.contact ?? { id: e.contactId, crmTimeZone: null, country: null, region: null },
    sequenceCadence: input.version.definition.cadence,
    at: now,
  });
  if (ctx.warnings.length > 0) {
    deps.logger.warn('cadence settings fell back', { enrollmentId: e.id, warnings: ctx.warnings });
  }
  const slot = planStepTime(ctx, {
    kind: step.kind,
    stepCadence: step.cadence,
    previousAt: input.previousAt,
    delay: input.delay ?? step.delay,
    now,
  });
  return {
    at: slot.at,
    zone: ctx.zone.zone,
    zoneSource: ctx.zone.source,
    reasons: reasonCodes(slot.reasons),
    details: slot.reasons,
    local: slot.local,
  };
}
