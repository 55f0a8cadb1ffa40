import { DateTime } from 'luxon';

/** An out-of-office without a return date pauses this many business days. */
export const DEFAULT_OOO_BUSINESS_DAYS = 5;
/** Local hour the pause ends on the return date (the resumed step is then planned into the window). */
export const OOO_RESUME_HOUR = 9;

/**
 * When an out-of-office pause ends: OOO_RESUME_HOUR on the return date in the contact's zone, else
 * that hour DEFAULT_OOO_BUSINESS_DAYS weekdays from now. The cadence planner still moves the resumed
 * step into the window.
 */
export function oooUntil(returnDate: string | undefined, zone: string | null, now: Date): Date {
  const z = zone && DateTime.fromJSDate(now).setZone(zone).isValid ? zone : 'UTC';
  if (returnDate) {
    const day = DateTime.fromISO(returnDate, { zone: z });
    if (day.isValid) return day.set({ hour: OOO_RESUME_HOUR }).toJSDate();
  }
  let day = DateTime.fromJSDate(now, { zone: z }).startOf('day');
  for (let left = DEFAULT_OOO_BUSINESS_DAYS; left > 0; ) {
    day = day.plus({ days: 1 });
    if (day.weekday <= 5) left--;
  }
  return day.set({ hour: OOO_RESUME_HOUR }).toJSDate();
}
