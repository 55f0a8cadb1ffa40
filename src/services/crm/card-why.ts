import { DateTime } from 'luxon';

/** The enrollment event types that set when the current step is due (schedule-step, pause, send-email). */
export const SCHEDULING_EVENTS = new Set(['step_scheduled', 'resumed', 'send_gated', 'requeued']);

// Short sentences for the reason codes a step_scheduled event records without their detail.
const CODE_TEXT: Record<string, string> = {
  business_days: 'The delay counts business days only.',
  not_before_now: 'It was already due, so it goes at the next allowed moment.',
  late: 'It was due before the sending window closed but ran after it, so it moved to the next slot.',
  not_before_earliest: 'Not before the earliest time set for this step.',
  outside_window: "Moved into the sending window in the contact's time zone.",
  weekend: 'Weekends are skipped.',
  holiday: 'Public holidays are skipped.',
  dst_gap: 'The clock change skipped the planned time.',
  dst_overlap: 'The clock change repeats that hour; the first one is used.',
  jitter: 'Spread by a few minutes so mail does not leave in bursts.',
  spacing: "Kept apart from the contact's other Tandem mail.",
  cap: "The contact's daily mail cap was reached.",
};

const ZONE_SOURCE: Record<string, string> = {
  crm: 'from the CRM',
  inferred: 'inferred from country and region',
  default: "the installation's default",
};

const PAUSE_TEXT: Record<string, string> = {
  ooo: 'Paused: the contact is out of office.',
  deal_in_progress: 'Paused: a deal with this contact is in progress.',
  manual: 'Paused by a person.',
};

export type WhyInput = {
  status: string;
  pauseReason: string | null;
  pausedUntil: Date | null;
  stepDueAt: Date | null;
  /** The step's own delay, and whether it is the first step (its delay counts from enrolling). */
  delay: { amount: number; unit: string } | null;
  firstStep: boolean;
  /** The latest scheduling event of the enrollment, if any. */
  scheduled: { type: string; reason: string; data: Record<string, unknown> } | null;
};

export type WhyThen = {
  nextStepAt: string | null;
  local: string | null;
  timeZone: string | null;
  why: string[];
};

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Why the next step goes out when it does, from what the planner recorded (DESIGN 4.8). */
export function explainNextStep(input: WhyInput): WhyThen {
  if (input.status === 'paused') {
    const why = [PAUSE_TEXT[input.pauseReason ?? ''] ?? 'Paused.'];
    if (input.pausedUntil) why.push(`Resumes on its own at ${input.pausedUntil.toISOString()}.`);
    return { nextStepAt: null, local: null, timeZone: null, why };
  }
  if (!input.stepDueAt) return { nextStepAt: null, local: null, timeZone: null, why: [] };
  const data = input.scheduled?.data ?? {};
  const zone = str(data.zone);
  const why: string[] = [];
  if (input.scheduled?.type === 'send_gated') why.push(`Held back at send time: ${input.scheduled.reason}.`);
  if (input.scheduled?.type === 'resumed') why.push('Re-planned when the enrollment resumed.');
  if (input.scheduled?.type === 'requeued') why.push('Re-queued after its job went missing.');
  const planned = !input.scheduled || input.scheduled.type === 'step_scheduled';
  if (planned && input.delay && input.delay.amount > 0) {
    const unit = input.delay.unit.replace('_', ' ');
    const units = input.delay.amount === 1 ? unit.replace(/s$/, '') : unit;
    why.push(
      `Waits ${input.delay.amount} ${units} after ${input.firstStep ? 'enrolling' : 'the previous step'}.`,
    );
  }
  const details = Array.isArray(data.details) ? data.details : [];
  const detailText = details.map((d) => str((d as { detail?: unknown }).detail)).filter((d) => d !== null);
  if (detailText.length > 0) why.push(...detailText);
  else {
    const codes = Array.isArray(data.reasons) ? data.reasons.filter((c) => typeof c === 'string') : [];
    why.push(...codes.map((c) => CODE_TEXT[c] ?? c));
  }
  if (zone) {
    const source = ZONE_SOURCE[str(data.zoneSource) ?? ''];
    why.push(`Planned in ${zone}${source ? ` (${source})` : ''}.`);
  }
  if (why.length === 0) why.push('Due as soon as the step delay has passed.');
  const local = zone ? DateTime.fromJSDate(input.stepDueAt, { zone }) : null;
  return {
    nextStepAt: input.stepDueAt.toISOString(),
    local: local?.isValid ? local.toFormat('ccc d LLL yyyy, HH:mm') : null,
    timeZone: zone,
    why,
  };
}
