import type { Delay } from '../sequences/definition';
import { addDays, HOUR_MS, MINUTE_MS, resolveWall, wallOf } from './local-time';
import { listShort, type Reason, reason } from './reasons';
import { checkSendingDay, type DayRules } from './sending-day';

export type { Delay };

export interface DelayResult {
  /** previous + delay, in ms since the epoch; not yet moved into the window. */
  base: number;
  reasons: Reason[];
}

/**
 * previous + delay. Minutes and hours are elapsed time. Days are calendar days in the contact's
 * zone, keeping the local clock time (so "1 day" across a DST change is 23 or 25 hours). Business
 * days step over dates that are not sending days (weekdays outside the window, holidays when
 * excluded), also keeping the local clock time.
 */
export function applyDelay(from: Date, delay: Delay, zone: string, rules: DayRules): DelayResult {
  const start = from.getTime();
  switch (delay.unit) {
    case 'minutes':
      return { base: start + delay.amount * MINUTE_MS, reasons: [] };
    case 'hours':
      return { base: start + delay.amount * HOUR_MS, reasons: [] };
    case 'days': {
      if (delay.amount === 0) return { base: start, reasons: [] };
      const wall = wallOf(start, zone);
      return { base: resolveWall(zone, addDays(wall.date, delay.amount), wall.msOfDay), reasons: [] };
    }
    case 'business_days':
      return addBusinessDays(start, delay.amount, zone, rules);
  }
}

function addBusinessDays(start: number, amount: number, zone: string, rules: DayRules): DelayResult {
  if (amount === 0) return { base: start, reasons: [] };
  const wall = wallOf(start, zone);
  const skipped: string[] = [];
  const whys = new Set<string>();
  let date = wall.date;
  let counted = 0;
  // Bounded: at least one weekday is allowed and holidays are sparse, so this ends within weeks per day.
  for (let guard = 0; counted < amount; guard++) {
    if (guard > amount * 7 + 400) throw new Error(`No business day found after ${date} in ${zone}`);
    date = addDays(date, 1);
    const check = checkSendingDay(date, rules);
    if (check.ok) counted++;
    else {
      skipped.push(check.detail);
      if (check.why) whys.add(check.why);
    }
  }
  const detail =
    `${amount} business day${amount === 1 ? '' : 's'} after ${wall.date} in ${zone} is ${date}` +
    (skipped.length > 0
      ? ` (skipped ${listShort(skipped)}${whys.size > 0 ? `; ${[...whys].join('; ')}` : ''})`
      : '');
  return { base: resolveWall(zone, date, wall.msOfDay), reasons: [reason('business_days', detail)] };
}
