import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHoliday } from '../../../src/domain/cadence/holidays';
import { addDays, wallOf } from '../../../src/domain/cadence/local-time';
import { type PlanInput, planSendTime } from '../../../src/domain/cadence/plan';
import { checkSendingDay } from '../../../src/domain/cadence/sending-day';
import { parseClock, type SendWindow } from '../../../src/domain/cadence/settings';

/** Real zones: half and quarter hours, southern-hemisphere DST, midnight transitions, 30-minute DST. */
const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Moscow',
  'Europe/Istanbul',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'America/St_Johns',
  'America/Havana',
  'America/Sao_Paulo',
  'America/Santiago',
  'America/Asuncion',
  'Pacific/Honolulu',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Asia/Tokyo',
  'Asia/Dubai',
  'Asia/Beirut',
  'Africa/Cairo',
  'Australia/Adelaide',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Australia/Perth',
  'Pacific/Auckland',
  'Pacific/Chatham',
] as const;

const HOLIDAY_COUNTRIES = ['US', 'GB', 'DE', 'FR', 'AU', 'JP', 'BR'] as const;

const FROM = Date.parse('2024-01-01T00:00:00Z');
const TO = Date.parse('2030-12-31T00:00:00Z');

const instant = fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms));

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Windows of 15 minutes to a whole day, on 1-7 weekdays, starting on any quarter hour. */
const sendWindow: fc.Arbitrary<SendWindow> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    start: fc.integer({ min: 0, max: 95 }),
    length: fc.integer({ min: 1, max: 96 }),
  })
  .map(({ days, start, length }) => {
    const end = Math.min(96, start + length);
    return { days, start: hhmm(start * 15), end: hhmm(Math.max(end, start + 1) * 15) };
  });

const delay = fc.oneof(
  fc.record({ amount: fc.integer({ min: 0, max: 600 }), unit: fc.constant('minutes' as const) }),
  fc.record({ amount: fc.integer({ min: 0, max: 96 }), unit: fc.constant('hours' as const) }),
  fc.record({ amount: fc.integer({ min: 0, max: 20 }), unit: fc.constant('days' as const) }),
  fc.record({ amount: fc.integer({ min: 0, max: 15 }), unit: fc.constant('business_days' as const) }),
);

const planInput: fc.Arbitrary<PlanInput> = fc
  .record({
    now: instant,
    back: fc.integer({ min: 0, max: 30 * 24 * 60 }),
    hasPrevious: fc.boolean(),
    ahead: fc.option(fc.integer({ min: 0, max: 20 * 24 * 60 }), { nil: undefined }),
    delay,
    zone: fc.constantFrom(...ZONES),
    window: sendWindow,
    excludeHolidays: fc.boolean(),
    country: fc.option(fc.constantFrom(...HOLIDAY_COUNTRIES), { nil: undefined }),
    jitterKey: fc.string({ maxLength: 12 }),
  })
  .map((r) => ({
    now: r.now,
    previousAt: r.hasPrevious ? new Date(r.now.getTime() - r.back * 60_000) : null,
    delay: r.delay,
    zone: r.zone,
    zoneSource: 'crm' as const,
    window: r.window,
    excludeHolidays: r.excludeHolidays,
    country: r.country,
    jitterKey: r.jitterKey,
    earliest: r.ahead === undefined ? undefined : new Date(r.now.getTime() + r.ahead * 60_000),
  }));

const runs = { numRuns: 400 };

// Property runs take about a second each; leave room on a loaded CI machine.
const slow = { timeout: 30_000 };

describe('planSendTime properties (random zones, windows, delays, 2024-2030)', () => {
  it('lands inside the window, on a sending day, never on an excluded holiday', slow, () => {
    fc.assert(
      fc.property(planInput, (input) => {
        const { at } = planSendTime(input);
        const wall = wallOf(at.getTime(), input.zone);
        expect(input.window.days).toContain(wall.weekday);
        expect(wall.msOfDay).toBeGreaterThanOrEqual(parseClock(input.window.start));
        expect(wall.msOfDay).toBeLessThan(parseClock(input.window.end));
        if (input.excludeHolidays) expect(isHoliday(wall.date, input.country)).toBeNull();
      }),
      runs,
    );
  });

  it('is never before now, earliest, or previous + delay', slow, () => {
    fc.assert(
      fc.property(planInput, (input) => {
        const at = planSendTime(input).at.getTime();
        expect(at).toBeGreaterThanOrEqual(input.now.getTime());
        if (input.earliest) expect(at).toBeGreaterThanOrEqual(input.earliest.getTime());
        const from = (input.previousAt ?? input.now).getTime();
        const unitMs = { minutes: 60_000, hours: 3_600_000, days: 0, business_days: 0 }[input.delay.unit];
        expect(at).toBeGreaterThanOrEqual(from + input.delay.amount * unitMs);
        if (input.delay.unit === 'days' || input.delay.unit === 'business_days') {
          const fromDate = wallOf(from, input.zone).date;
          expect(wallOf(at, input.zone).date >= addDays(fromDate, input.delay.amount)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('business-day delays put at least N sending days between the previous date and the slot', slow, () => {
    const businessInput = planInput.filter((i) => i.delay.unit === 'business_days');
    fc.assert(
      fc.property(businessInput, (input) => {
        const at = planSendTime(input).at.getTime();
        let date = wallOf((input.previousAt ?? input.now).getTime(), input.zone).date;
        const slotDate = wallOf(at, input.zone).date;
        const rules = {
          days: input.window.days,
          excludeHolidays: input.excludeHolidays,
          country: input.country,
        };
        let counted = 0;
        while (date < slotDate) {
          date = addDays(date, 1);
          if (checkSendingDay(date, rules).ok) counted++;
        }
        expect(counted).toBeGreaterThanOrEqual(input.delay.amount);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic for the same input', slow, () => {
    fc.assert(
      fc.property(planInput, (input) => {
        expect(planSendTime(input)).toEqual(planSendTime(structuredClone(input)));
      }),
      { numRuns: 150 },
    );
  });
});
