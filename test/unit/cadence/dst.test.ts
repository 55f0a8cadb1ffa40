import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type PlanInput, planSendTime } from '../../../src/domain/cadence/plan';

const everyDay = { days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '17:00' };

function plan(zone: string, now: Date, overrides: Partial<PlanInput> = {}) {
  return planSendTime({
    now,
    previousAt: null,
    delay: { amount: 0, unit: 'minutes' },
    zone,
    zoneSource: 'crm',
    window: everyDay,
    excludeHolidays: false,
    jitterKey: 'ctc_dst',
    ...overrides,
  });
}

// Transition dates (local) in 2024; the window is open every day because they fall on Sundays.
const transitions: Array<[string, string, string]> = [
  ['Europe/London', '2024-03-31', 'spring forward'],
  ['Europe/London', '2024-10-27', 'fall back'],
  ['America/New_York', '2024-03-10', 'spring forward'],
  ['America/New_York', '2024-11-03', 'fall back'],
  ['Australia/Sydney', '2024-10-06', 'spring forward'],
  ['Australia/Sydney', '2024-04-07', 'fall back'],
];

describe('09:00-17:00 window on both sides of each DST transition', () => {
  for (const [zone, date, kind] of transitions) {
    it(`${zone} ${date} (${kind})`, () => {
      const midnight = DateTime.fromISO(date, { zone });
      // Every half hour from 30 hours before the transition day to 54 hours after its start.
      for (let step = -60; step <= 108; step++) {
        const now = midnight.plus({ minutes: 30 * step });
        const r = plan(zone, now.toJSDate());
        const slot = DateTime.fromJSDate(r.at, { zone });
        const minutes = slot.hour * 60 + slot.minute;
        expect(minutes, `${now.toISO()} -> ${slot.toISO()}`).toBeGreaterThanOrEqual(9 * 60);
        expect(minutes).toBeLessThan(17 * 60);
        expect(r.at.getTime()).toBeGreaterThanOrEqual(now.toMillis());
        // Inside the window: unchanged. Before it: same day. After it: next day.
        const nowMinutes = now.hour * 60 + now.minute;
        if (nowMinutes >= 9 * 60 && nowMinutes < 17 * 60) expect(r.at.getTime()).toBe(now.toMillis());
        else if (nowMinutes < 9 * 60) expect(slot.toISODate()).toBe(now.toISODate());
        else expect(slot.toISODate()).toBe(now.plus({ days: 1 }).toISODate());
        // The offset shown is the real one for that instant (no stale pre-transition offset).
        expect(slot.offset).toBe(DateTime.fromMillis(r.at.getTime(), { zone }).offset);
      }
    });
  }
});

/*
 * Window starts that do not exist or exist twice. The rule (src/domain/cadence/local-time.ts): a
 * window opens at the FIRST instant of the day whose local clock reads at least its start.
 * - Spring forward, start 02:30 in New York on 2024-03-10: 02:30 never happens, so the window
 *   opens when the clock jumps to 03:00 EDT (07:00Z). Sending at 03:00 is inside [02:30, 17:00).
 * - Fall back, start 01:30 on 2024-11-03: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST); the
 *   window opens at the first. Between 06:00Z and 06:30Z the clock reads 01:00-01:29 again, which
 *   is outside the window, so jitter that would land there is dropped.
 */
describe('window start inside a DST gap or overlap', () => {
  const zone = 'America/New_York';

  it('opens at the end of the gap when the start does not exist', () => {
    const window = { ...everyDay, start: '02:30' };
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const r = plan(zone, new Date('2024-03-10T05:00:00Z'), { window, jitterKey: key });
      expect(r.at.getTime()).toBeGreaterThanOrEqual(Date.parse('2024-03-10T07:00:00Z'));
      expect(r.at.getTime()).toBeLessThan(Date.parse('2024-03-10T08:00:00Z'));
      expect(r.local.startsWith('2024-03-10T03:')).toBe(true);
      expect(r.reasons.map((x) => x.code)).toContain('dst_gap');
    }
  });

  it('opens at the first occurrence when the start repeats', () => {
    const window = { ...everyDay, start: '01:30' };
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const r = plan(zone, new Date('2024-11-03T04:00:00Z'), { window, jitterKey: key });
      expect(r.at.getTime()).toBeGreaterThanOrEqual(Date.parse('2024-11-03T05:30:00Z'));
      expect(r.at.getTime()).toBeLessThan(Date.parse('2024-11-03T06:00:00Z'));
      expect(r.local).toMatch(/^2024-11-03T01:[3-5]\d:\d\d-04:00$/);
      expect(r.reasons.map((x) => x.code)).toContain('dst_overlap');
    }
  });

  it('after the first 01:30 has passed, the repeated hour re-enters the window at 01:30 EST', () => {
    const window = { ...everyDay, start: '01:30' };
    // 01:10 EST (second pass): the clock must reach 01:30 again.
    const r = plan(zone, new Date('2024-11-03T06:10:00Z'), { window });
    expect(r.at.getTime()).toBeGreaterThanOrEqual(Date.parse('2024-11-03T06:30:00Z'));
    expect(r.local).toMatch(/-05:00$/);
  });
});
