import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type PlanInput, planSendTime } from '../../../src/domain/cadence/plan';

const d = (iso: string): Date => new Date(iso);
const weekdays = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

function input(overrides: Partial<PlanInput>): PlanInput {
  return {
    now: d('2024-01-01T00:00:00Z'),
    previousAt: null,
    delay: { amount: 0, unit: 'minutes' },
    zone: 'UTC',
    zoneSource: 'default',
    window: weekdays,
    excludeHolidays: false,
    jitterKey: 'contact-1',
    ...overrides,
  };
}

const local = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone });
const codes = (r: { reasons: Array<{ code: string }> }) => r.reasons.map((x) => x.code);

describe('planSendTime', () => {
  it('keeps a due time that is already inside the window', () => {
    const now = d('2024-03-05T14:00:00Z'); // Tue 09:00 EST
    const r = planSendTime(
      input({ now, previousAt: now, delay: { amount: 2, unit: 'hours' }, zone: 'America/New_York' }),
    );
    expect(r.at).toEqual(d('2024-03-05T16:00:00Z'));
    expect(r.local).toBe('2024-03-05T11:00:00-05:00');
    expect(r.reasons).toEqual([]);
  });

  it('moves a Friday-evening due time to Monday morning with spread, and says why', () => {
    const now = d('2024-03-08T23:30:00Z'); // Fri 18:30 EST
    const r = planSendTime(input({ now, previousAt: now, zone: 'America/New_York' }));
    const l = local(r.at, 'America/New_York');
    expect(l.toISODate()).toBe('2024-03-11');
    expect(l.hour).toBe(9); // jitter stays within the first hour
    expect(codes(r)).toEqual(['weekend', 'outside_window', 'jitter']);
    expect(r.reasons[0]?.detail).toContain('Sat 2024-03-09');
  });

  it('is deterministic and spreads different contacts', () => {
    const now = d('2024-03-09T12:00:00Z');
    const a = planSendTime(input({ now, jitterKey: 'ctc_a' }));
    expect(planSendTime(input({ now, jitterKey: 'ctc_a' }))).toEqual(a);
    const starts = new Set(
      ['a', 'b', 'c', 'd', 'e'].map((k) => planSendTime(input({ now, jitterKey: k })).at.getTime()),
    );
    expect(starts.size).toBeGreaterThan(1);
  });

  it('counts business days in the contact zone and keeps the local time', () => {
    const prev = d('2024-03-07T15:00:00Z'); // Thu 10:00 EST
    const r = planSendTime(
      input({
        now: prev,
        previousAt: prev,
        delay: { amount: 2, unit: 'business_days' },
        zone: 'America/New_York',
      }),
    );
    // Thu + 2 business days = Mon; 10:00 is now EDT, so 14:00Z, not 15:00Z.
    expect(r.at).toEqual(d('2024-03-11T14:00:00Z'));
    expect(codes(r)).toEqual(['business_days']);
    expect(r.reasons[0]?.detail).toContain('skipped Sat 2024-03-09, Sun 2024-03-10');
  });

  it('skips public holidays when asked, in delays and in the window', () => {
    const prev = d('2024-12-24T15:00:00Z'); // Tue 10:00 EST
    const base = {
      now: prev,
      previousAt: prev,
      zone: 'America/New_York',
      country: 'US',
      excludeHolidays: true,
    };
    const r = planSendTime(input({ ...base, delay: { amount: 1, unit: 'business_days' } }));
    expect(r.at).toEqual(d('2024-12-26T15:00:00Z'));
    expect(r.reasons[0]?.detail).toContain('2024-12-25 Christmas Day');
    const w = planSendTime(input({ ...base, delay: { amount: 1, unit: 'days' } }));
    expect(local(w.at, 'America/New_York').toISODate()).toBe('2024-12-26');
    expect(codes(w)).toContain('holiday');
  });

  it('counts calendar days in local time across DST (23-hour day)', () => {
    const prev = d('2024-03-09T15:00:00Z'); // Sat 10:00 EST
    const all = { days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '20:00' };
    const r = planSendTime(
      input({
        now: prev,
        previousAt: prev,
        delay: { amount: 1, unit: 'days' },
        zone: 'America/New_York',
        window: all,
      }),
    );
    expect(r.at).toEqual(d('2024-03-10T14:00:00Z')); // Sun 10:00 EDT
  });

  it('never goes before now or earliest', () => {
    const now = d('2024-03-05T15:00:00Z');
    const stale = planSendTime(input({ now, previousAt: d('2024-03-01T10:00:00Z') }));
    expect(stale.at).toEqual(now);
    expect(codes(stale)).toEqual(['not_before_now']);
    const gated = planSendTime(input({ now, previousAt: now, earliest: d('2024-03-05T16:30:00Z') }));
    expect(gated.at).toEqual(d('2024-03-05T16:30:00Z'));
    expect(codes(gated)).toEqual(['not_before_earliest']);
  });

  it('handles half-hour zones', () => {
    const now = d('2024-06-03T02:00:00Z'); // Mon 07:30 in Kolkata
    const r = planSendTime(input({ now, zone: 'Asia/Kolkata' }));
    const l = local(r.at, 'Asia/Kolkata');
    expect([l.toISODate(), l.hour]).toEqual(['2024-06-03', 9]);
  });
});
