import { isHoliday } from './holidays';
import { weekdayOf } from './local-time';

/** Which local dates may carry a send, and count as business days. */
export interface DayRules {
  /** ISO weekdays, Monday = 1. */
  days: readonly number[];
  excludeHolidays: boolean;
  country?: string | null | undefined;
  region?: string | null | undefined;
}

export type DayCheck = { ok: true } | { ok: false; code: 'weekend' | 'holiday'; detail: string };

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const weekdayName = (isoWeekday: number): string => WEEKDAY_NAMES[isoWeekday - 1] ?? String(isoWeekday);

export function checkSendingDay(date: string, rules: DayRules): DayCheck {
  const weekday = weekdayOf(date);
  // Any day outside the window's days counts as a "weekend": for a Sun-Thu window that is Fri and Sat.
  if (!rules.days.includes(weekday)) {
    return { ok: false, code: 'weekend', detail: `${weekdayName(weekday)} ${date}` };
  }
  if (rules.excludeHolidays) {
    const name = isHoliday(date, rules.country, rules.region);
    if (name) return { ok: false, code: 'holiday', detail: `${date} ${name}` };
  }
  return { ok: true };
}

export const describeDays = (days: readonly number[]): string =>
  [...days]
    .sort((a, b) => a - b)
    .map(weekdayName)
    .join(',');
