import { applyDelay, type Delay } from '../../domain/cadence/delay';
import { lateReason } from '../../domain/cadence/late';
import { formatLocal } from '../../domain/cadence/local-time';
import { nextAllowedSlot } from '../../domain/cadence/next-slot';
import { type PlanInput, planSendTime } from '../../domain/cadence/plan';
import type { PreviewStepKind } from '../../domain/cadence/preview';
import { type Reason, reason } from '../../domain/cadence/reasons';
import { dayRulesFor } from '../../domain/cadence/sending-day';
import { applyWindowOverride } from '../../domain/cadence/settings';
import { lastInstantBefore, windowEnd } from '../../domain/cadence/window-end';
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

export type SendCheck = { allowed: true; sendBy: Date } | { allowed: false; slot: Slot };

/**
 * At send time (invariant 6): may this step go out at `now`? It must be inside the window (a late
 * job can fall outside it) and pass the spacing and the cap against the contact's mails. If so,
 * `sendBy` is the last instant the window still holds, for a caller that sends a while later. If
 * not, the answer is the next slot that satisfies both; when the window or day rules refused a
 * job that ran after the window it was planned in (`plannedAt`) closed, its reasons start `late`.
 */
export function checkSendTime(
  ctx: PlanContext,
  input: { stepCadence: Record<string, unknown> | undefined; now: Date; plannedAt?: Date | null | undefined },
): SendCheck {
  const base = planInput(ctx, { ...input, previousAt: input.now, delay: NO_DELAY });
  const slot = nextAllowedSlot({
    ...base,
    recentSends: ctx.recentSends,
    minSpacingHours: ctx.settings.minSpacingHours,
    cap: ctx.settings.cap,
  });
  const now = input.now.getTime();
  if (slot.at.getTime() <= now) {
    const closes = windowEnd(input.now, base.zone, base.window);
    // The planner just placed `now` inside the window, so it has an end: a miss is a bug.
    if (!closes) throw new Error(`checkSendTime: ${input.now.toISOString()} allowed outside the window`);
    return { allowed: true, sendBy: lastInstantBefore(closes) };
  }
  const reasons = [...slot.reasons];
  // Only the window or day rules make a job late: planning `now` alone (no spacing, no cap) moves it.
  if (input.plannedAt && planSendTime(base).at.getTime() > now) {
    const late = lateReason({ ...base, plannedAt: input.plannedAt, now: input.now, next: slot.at });
    if (late) reasons.unshift(late);
  }
  return { allowed: false, slot: { at: slot.at, local: slot.local, reasons } };
}

export const reasonCodes = (reasons: readonly Reason[]): string[] => reasons.map((r) => r.code);
