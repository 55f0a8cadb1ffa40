import { isHoliday } from './holidays';
import { weekdayOf } from './local-time';
import { resolveWeekend, type Weekend, type WeekendRule } from './weekend';

/** Which local dates may carry a send, and count as business days. */
export interface DayRules {
  /** ISO weekdays of the window, Monday = 1. */
  days: readonly number[];
  /** The contact's weekend, taken off the window's days; absent means none. */
  weekend?: Weekend | undefined;
  excludeHolidays: boolean;
  country?: string | null | undefined;
  region?: string | null | undefined;
}

export type DayCheck =
  | { ok: true }
  | { ok: false; code: 'weekend' | 'holiday'; detail: string; why?: string | undefined };

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const weekdayName = (isoWeekday: number): string => WEEKDAY_NAMES[isoWeekday - 1] ?? String(isoWeekday);

/**
 * Day rules for a contact: the window's days minus the weekend the rule gives for the contact's
 * country (no rule: the window's days alone; the settings always give one, default `country`). A weekend that would leave no window day at all (a Friday-only window for a contact in
 * Israel) is not applied, so a slot always exists; the window's days are an explicit choice.
 */
export function dayRulesFor(input: {
  days: readonly number[];
  weekend?: WeekendRule | undefined;
  excludeHolidays: boolean;
  country?: string | null | undefined;
  region?: string | null | undefined;
}): DayRules {
  const weekend = input.weekend === undefined ? null : resolveWeekend(input.weekend, input.country);
  const left = input.days.filter((d) => !weekend?.days.includes(d));
  return {
    days: input.days,
    ...(weekend && left.length > 0 ? { weekend } : {}),
    excludeHolidays: input.excludeHolidays,
    country: input.country,
    region: input.region,
  };
}

export function checkSendingDay(date: string, rules: DayRules): DayCheck {
  const weekday = weekdayOf(date);
  const detail = `${weekdayName(weekday)} ${date}`;
  if (rules.weekend?.days.includes(weekday)) {
    return { ok: false, code: 'weekend', detail, why: rules.weekend.basis };
  }
  // Any other day outside the window's days counts as a "weekend" too.
  if (!rules.days.includes(weekday)) {
    return { ok: false, code: 'weekend', detail, why: `window days ${describeDays(rules.days)}` };
  }
  if (rules.excludeHolidays) {
    const name = isHoliday(date, rules.country, rules.region);
    if (name) return { ok: false, code: 'holiday', detail: `${date} ${name}` };
  }
  return { ok: true };
}

/** The days a send may fall on, for descriptions. */
export const sendingDays = (rules: DayRules): number[] =>
  rules.days.filter((d) => !rules.weekend?.days.includes(d));

export const describeDays = (days: readonly number[]): string =>
  [...days]
    .sort((a, b) => a - b)
    .map(weekdayName)
    .join(',');
