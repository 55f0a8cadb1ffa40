import { type CapRule, checkSendGate } from './gate';
import { type PlanInput, type PlanResult, planSendTime } from './plan';
import type { Reason } from './reasons';

export interface SlotInput extends PlanInput {
  /** The contact's mail sends across all sequences (see SendGateInput.recentSends). */
  recentSends: readonly Date[];
  minSpacingHours: number;
  cap: CapRule;
}

/**
 * Plan, then gate the planned instant; if the gate refuses, re-plan from its notBefore so the slot
 * lands inside the window again, until both agree. Each round moves past at least one send's
 * spacing or cap boundary, so the rounds are bounded by twice the number of sends.
 */
export function nextAllowedSlot(input: SlotInput): PlanResult {
  const gateReasons: Reason[] = [];
  let earliest = input.earliest ?? null;
  const limit = 2 * input.recentSends.length + 4;
  for (let round = 0; round < limit; round++) {
    const plan = planSendTime({ ...input, earliest });
    const gate = checkSendGate({
      now: plan.at,
      recentSends: input.recentSends,
      minSpacingHours: input.minSpacingHours,
      cap: input.cap,
    });
    if (gate.allowed) return { ...plan, reasons: [...gateReasons, ...plan.reasons] };
    gateReasons.push(...gate.reasons);
    earliest = gate.notBefore;
  }
  throw new Error(`nextAllowedSlot did not settle in ${limit} rounds`);
}
