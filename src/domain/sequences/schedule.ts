import type { Delay } from './definition';

const minute = 60_000;

/** Plain delay arithmetic in UTC; the cadence planner adds zones, windows and business days. */
export function addDelay(from: Date, delay: Delay): Date {
  switch (delay.unit) {
    case 'minutes':
      return new Date(from.getTime() + delay.amount * minute);
    case 'hours':
      return new Date(from.getTime() + delay.amount * 60 * minute);
    case 'days':
      return new Date(from.getTime() + delay.amount * 1440 * minute);
    case 'business_days': {
      const d = new Date(from);
      let left = delay.amount;
      while (left > 0) {
        d.setUTCDate(d.getUTCDate() + 1);
        const day = d.getUTCDay();
        if (day !== 0 && day !== 6) left--;
      }
      return d;
    }
  }
}
