import { applyDelay, type Delay } from './delay';
import {
  addDays,
  firstInstantInWindow,
  formatLocal,
  instantsAtWall,
  isInWindow,
  MINUTE_MS,
  SECOND_MS,
  wallOf,
} from './local-time';
import { listShort, type Reason, reason } from './reasons';
import { checkSendingDay, type DayRules, dayRulesFor, describeDays, sendingDays } from './sending-day';
import { parseClock, type SendWindow } from './settings';
import type { WeekendRule } from './weekend';
import type { ZoneSource } from './zone';

export interface PlanInput {
  now: Date;
  /** The previous step's send, or the enrollment time for the first step; null means `now`. */
  previousAt: Date | null;
  delay: Delay;
  zone: string;
  zoneSource: ZoneSource;
  window: SendWindow;
  excludeHolidays: boolean;
  /** Taken off the window's days (settings default: `country`); absent, the window's days alone. */
  weekend?: WeekendRule | undefined;
  country?: string | null | undefined;
  region?: string | null | undefined;
  /** Spreads sends that snap to a window start (e.g. the contact id); same key, same offset. */
  jitterKey: string;
  /** Lower bound from elsewhere, e.g. the send gate's notBefore. */
  earliest?: Date | null | undefined;
}

export interface PlanResult {
  at: Date;
  /** `at` on the contact's clock, ISO with offset. */
  local: string;
  zone: string;
  zoneSource: ZoneSource;
  reasons: Reason[];
}

/** Jitter stays in the first quarter of the window and under an hour. */
const JITTER_MAX_MS = 60 * MINUTE_MS;
const MAX_DAYS = 800;

const iso = (at: number): string => new Date(at).toISOString();

/**
 * When a step should go out: previous + delay, never before now or `earliest`, then moved to the
 * first instant whose local clock is inside the window on a sending day. Pure and deterministic.
 */
export function planSendTime(input: PlanInput): PlanResult {
  const { zone } = input;
  const rules = dayRulesFor({
    days: input.window.days,
    weekend: input.weekend,
    excludeHolidays: input.excludeHolidays,
    country: input.country,
    region: input.region,
  });
  const from = input.previousAt ?? input.now;
  const delayed = applyDelay(from, input.delay, zone, rules);
  const reasons = [...delayed.reasons];
  let lower = delayed.base;
  const now = input.now.getTime();
  if (now > lower) {
    reasons.push(reason('not_before_now', `due ${iso(lower)} had passed; not before now ${iso(now)}`));
    lower = now;
  }
  const earliest = input.earliest?.getTime();
  if (earliest !== undefined && earliest > lower) {
    reasons.push(reason('not_before_earliest', `not before ${iso(earliest)}`));
    lower = earliest;
  }
  const at = placeInWindow(lower, input, rules, reasons);
  return { at: new Date(at), local: formatLocal(at, zone), zone, zoneSource: input.zoneSource, reasons };
}

function placeInWindow(lower: number, input: PlanInput, rules: DayRules, reasons: Reason[]): number {
  const { zone, window } = input;
  const startMs = parseClock(window.start);
  const endMs = parseClock(window.end);
  const span = `${window.start}-${window.end} ${describeDays(sendingDays(rules))} in ${zone}`;
  const skipped = { weekend: [] as string[], holiday: [] as string[] };
  const whys = new Set<string>();
  let date = wallOf(lower, zone).date;
  for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, 1)) {
    const day = checkSendingDay(date, rules);
    if (!day.ok) {
      skipped[day.code].push(day.detail);
      if (day.why) whys.add(day.why);
      continue;
    }
    const found = firstInstantInWindow(zone, date, startMs, endMs, lower);
    if (found === null) continue;
    if (skipped.weekend.length > 0) {
      reasons.push(reason('weekend', `skipped ${listShort(skipped.weekend)} (${[...whys].join('; ')})`));
    }
    if (skipped.holiday.length > 0) reasons.push(reason('holiday', `skipped ${listShort(skipped.holiday)}`));
    if (found === lower) return found;
    const lowerWall = formatLocal(lower, zone);
    if (checkSendingDay(wallOf(lower, zone).date, rules).ok) {
      reasons.push(reason('outside_window', `${lowerWall} is outside the window ${span}`));
    }
    noteDst(found, date, startMs, input, reasons);
    return addJitter(found, date, startMs, endMs, input, reasons);
  }
  // Unreachable with at least one weekday allowed: holidays never cover years.
  throw new Error(`No sending slot within ${MAX_DAYS} days after ${iso(lower)} (${span})`);
}

/** Say when the window start did not exist (spring forward) or existed twice (fall back) that day. */
function noteDst(found: number, date: string, startMs: number, input: PlanInput, reasons: Reason[]): void {
  const occurrences = instantsAtWall(input.zone, date, startMs);
  const at = formatLocal(found, input.zone);
  if (occurrences.length === 0) {
    reasons.push(
      reason('dst_gap', `${input.window.start} does not exist on ${date} (clocks go forward); ${at}`),
    );
  } else if (occurrences.length > 1 && found === occurrences[0]) {
    reasons.push(
      reason('dst_overlap', `${input.window.start} occurs twice on ${date}; took the first, ${at}`),
    );
  }
}

function addJitter(
  found: number,
  date: string,
  startMs: number,
  endMs: number,
  input: PlanInput,
  reasons: Reason[],
): number {
  const spanSeconds = Math.floor(Math.min(JITTER_MAX_MS, (endMs - startMs) / 4) / SECOND_MS);
  if (spanSeconds < 1) return found;
  const offset = (hash(input.jitterKey) % spanSeconds) * SECOND_MS;
  const jittered = found + offset;
  // A DST change right after the window start could push the jittered instant out; keep the start then.
  if (offset === 0 || !isInWindow(jittered, input.zone, date, startMs, endMs)) return found;
  reasons.push(reason('jitter', `+${Math.round(offset / SECOND_MS)}s spread from key hash`));
  return jittered;
}

/** FNV-1a, 32 bit: stable across runtimes, enough to spread keys. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
