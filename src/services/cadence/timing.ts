import { applyDelay, type Delay } from '../../domain/cadence/delay';
import { formatLocal } from '../../domain/cadence/local-time';
import { nextAllowedSlot } from '../../domain/cadence/next-slot';
import { type PlanInput, planSendTime } from '../../domain/cadence/plan';
import type { PreviewStepKind } from '../../domain/cadence/preview';
import { type Reason, reason } from '../../domain/cadence/reasons';
import { dayRulesFor } from '../../domain/cadence/sending-day';
import { applyWindowOverride } from '../../domain/cadence/settings';
import type { PlanContext } from './context';
import { stepWindowOverride } from './settings';

export type Slot = { at: Date; local: string; reasons: Reason[] };

const NO_DELAY: Delay = { amount: 0, unit: 'minutes' };

/** Email steps, and task steps when tasks count toward the cap, go through the send gate. */
const isGatedKind = (kind: PreviewStepKind, ctx: PlanContext): boolean =>
  kind === 'email' || (kind === 'task' && ctx.settings.countTasksTowardCap);

function planInput(
  ctx: PlanContext,
  input: { stepCadence: Record<string, unknown> | undefined; previousAt: Date; delay: Delay; now: Date },
): PlanInput {
  const { override } = stepWindowOverride(ctx.settings.window, input.stepCadence);
  return {
    now: input.now,
    previousAt: input.previousAt,
    delay: input.delay,
    zone: ctx.zone.zone,
    zoneSource: ctx.zone.source,
    window: applyWindowOverride(ctx.settings.window, override),
    excludeHolidays: ctx.settings.excludeHolidays,
    weekend: ctx.settings.weekend,
    country: ctx.country,
    region: ctx.region,
    jitterKey: ctx.jitterKey,
  };
}

/**
 * When a step is due, by the rules of its kind (the same ones `previewSequence` applies): mail
 * (and counted tasks) at the next slot inside the window that the gate allows, other tasks inside
 * the window, waits, branches and CRM updates at previous + delay. Never before `now`.
 */
export function planStepTime(
  ctx: PlanContext,
  input: {
    kind: PreviewStepKind;
    stepCadence: Record<string, unknown> | undefined;
    previousAt: Date;
    delay: Delay;
    now: Date;
  },
): Slot {
  const base = planInput(ctx, input);
  if (isGatedKind(input.kind, ctx)) {
    const slot = nextAllowedSlot({
      ...base,
      recentSends: ctx.recentSends,
      minSpacingHours: ctx.settings.minSpacingHours,
      cap: ctx.settings.cap,
    });
    return { at: slot.at, local: slot.local, reasons: slot.reasons };
  }
  if (input.kind === 'task') {
    const plan = planSendTime(base);
    return { at: plan.at, local: plan.local, reasons: plan.reasons };
  }
  const delayed = applyDelay(
    input.previousAt,
    input.delay,
    base.zone,
    dayRulesFor({ ...base, days: base.window.days }),
  );
  const reasons = [...delayed.reasons];
  let at = delayed.base;
  if (input.now.getTime() > at) {
    reasons.push(reason('not_before_now', `due ${new Date(at).toISOString()} had passed`));
    at = input.now.getTime();
  }
  return { at: new Date(at), local: formatLocal(at, base.zone), reasons };
}

export type SendCheck = { allowed: true } | { allowed: false; slot: Slot };

/**
 * At send time (invariant 6): may this step go out at `now`? It must be inside the window (a late
 * job can fall outside it) and pass the spacing and the cap against the contact's mails. If not,
 * the answer is the next slot that satisfies both.
 */
export function checkSendTime(
  ctx: PlanContext,
  input: { stepCadence: Record<string, unknown> | undefined; now: Date },
): SendCheck {
  const slot = nextAllowedSlot({
    ...planInput(ctx, { ...input, previousAt: input.now, delay: NO_DELAY }),
    recentSends: ctx.recentSends,
    minSpacingHours: ctx.settings.minSpacingHours,
    cap: ctx.settings.cap,
  });
  if (slot.at.getTime() <= input.now.getTime()) return { allowed: true };
  return { allowed: false, slot: { at: slot.at, local: slot.local, reasons: slot.reasons } };
}

export const reasonCodes = (reasons: readonly Reason[]): string[] => reasons.map((r) => r.code);
