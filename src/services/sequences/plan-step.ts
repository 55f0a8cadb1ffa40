import type { Queryable } from '../../db/client';
import type { EnrollmentRow } from '../../db/queries/enrollments';
import type { VersionRow } from '../../db/queries/sequences';
import type { Delay } from '../../domain/cadence/delay';
import type { Reason } from '../../domain/cadence/reasons';
import type { PublishedStep } from '../../domain/sequences/definition';
import { loadCadenceInputsMany, planContext } from '../cadence/context';
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
export async function planStep(deps: AppDeps, tx: Queryable, input: PlanRequest): Promise<StepPlan> {
  const [plan] = await planSteps(deps, tx, [input]);
  return plan!;
}

export type PlanRequest = {
  enrollment: EnrollmentRow;
  version: VersionRow;
  step: PublishedStep;
  previousAt: Date;
  now: Date;
  delay?: Delay;
};

/** The same for a batch of steps: one read of every contact's cadence inputs, then pure planning. */
export async function planSteps(
  deps: AppDeps,
  tx: Queryable,
  requests: readonly PlanRequest[],
): Promise<StepPlan[]> {
  const loaded = await loadCadenceInputsMany(
    tx,
    requests.map((r) => ({
      installationId: r.enrollment.installationId,
      contactId: r.enrollment.contactId,
      at: r.now,
    })),
  );
  return requests.map((input, i) => {
    const { enrollment: e, step, now } = input;
    const inputs = loaded[i]!;
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
  });
}
