import { describe, expect, it } from 'vitest';
import { contactCountry } from '../../../src/domain/cadence/contact-country';
import { wallOf } from '../../../src/domain/cadence/local-time';
import { planSendTime } from '../../../src/domain/cadence/plan';
import { type CadenceOverrides, parseCadenceSettings } from '../../../src/domain/cadence/settings';
import { resolveWeekend } from '../../../src/domain/cadence/weekend';

/** A contact's slot for a mail due at `at`, with installation settings `stored` (defaults when empty). */
function slot(at: string, zone: string, country: string | null, stored: CadenceOverrides = {}) {
  const parsed = parseCadenceSettings(stored);
  if (!parsed.ok) throw new Error(parsed.error.issues.join('; '));
  const s = parsed.value;
  const now = new Date(at);
  const plan = planSendTime({
    now,
    previousAt: now,
    delay: { amount: 0, unit: 'minutes' },
    zone,
    zoneSource: 'crm',
    window: s.window,
    weekend: s.weekend,
    excludeHolidays: s.excludeHolidays,
    country,
    jitterKey: 'ctc_1',
  });
  return { ...plan, wall: wallOf(plan.at.getTime(), zone), codes: plan.reasons.map((r) => r.code) };
}

describe("the contact's country's weekend (CLDR week data)", () => {
  it('Israel: Friday 10:00 local is not a sending day, Sunday is', () => {
    const friday = slot('2026-12-04T08:00:00Z', 'Asia/Jerusalem', 'IL'); // Fri 10:00 IST
    expect(friday.wall.date).toBe('2026-12-06'); // Sunday
    expect(friday.wall.msOfDay).toBeLessThan(10 * 3_600_000);
    expect(friday.codes[0]).toBe('weekend');
    expect(friday.reasons[0]?.detail).toBe('skipped Fri 2026-12-04, Sat 2026-12-05 (weekend in IL: Fri,Sat)');
    const sunday = slot('2026-12-06T08:00:00Z', 'Asia/Jerusalem', 'Israel'); // Sun 10:00, country by name
    expect(sunday.at).toEqual(new Date('2026-12-06T08:00:00Z'));
    expect(sunday.codes).toEqual([]);
  });

  it('India: Saturday sends, Sunday does not', () => {
    const saturday = slot('2026-12-05T04:30:00Z', 'Asia/Kolkata', 'IN'); // Sat 10:00 IST
    expect(saturday.at).toEqual(new Date('2026-12-05T04:30:00Z'));
    const sunday = slot('2026-12-06T04:30:00Z', 'Asia/Kolkata', 'IN');
    expect(sunday.wall.date).toBe('2026-12-07');
    expect(sunday.reasons[0]?.detail).toContain('weekend in IN: Sun');
  });

  it('an explicit sat_sun (or a listed weekend) overrides the country', () => {
    const friday = slot('2026-12-04T08:00:00Z', 'Asia/Jerusalem', 'IL', { weekend: 'sat_sun' });
    expect(friday.at).toEqual(new Date('2026-12-04T08:00:00Z'));
    const sunday = slot('2026-12-06T08:00:00Z', 'Asia/Jerusalem', 'IL', { weekend: 'sat_sun' });
    expect(sunday.wall.date).toBe('2026-12-07');
    expect(sunday.reasons[0]?.detail).toContain('weekend Sat,Sun (settings)');
    const custom = slot('2026-12-03T08:00:00Z', 'Asia/Jerusalem', 'IL', { weekend: [4] }); // Thursday
    expect(custom.wall.date).toBe('2026-12-04');
  });

  it('an unknown country gets Sat-Sun; stored window days stay an explicit limit', () => {
    const unknown = slot('2026-12-05T10:00:00Z', 'UTC', null);
    expect(unknown.wall.date).toBe('2026-12-07');
    expect(unknown.reasons[0]?.detail).toContain('weekend Sat,Sun (country unknown)');
    // An installation that stored Mon-Fri: Israel's Friday is still off, and Sunday not a window day.
    const stored = slot('2026-12-04T08:00:00Z', 'Asia/Jerusalem', 'IL', {
      window: { days: [1, 2, 3, 4, 5] },
    });
    expect(stored.wall.date).toBe('2026-12-07');
    // A window made only of weekend days keeps its days rather than never sending.
    const fridays = slot('2026-12-04T08:00:00Z', 'Asia/Jerusalem', 'IL', { window: { days: [5] } });
    expect(fridays.at).toEqual(new Date('2026-12-04T08:00:00Z'));
  });

  it('holidays are on by default for the contact country: a French contact on 14 July is skipped', () => {
    const r = slot('2026-07-14T08:00:00Z', 'Europe/Paris', 'FR'); // Tue 10:00 CEST
    expect(r.wall.date).toBe('2026-07-15');
    expect(r.codes[0]).toBe('holiday');
    expect(r.reasons[0]?.detail).toContain('2026-07-14');
    // An installation's explicit choice is kept.
    expect(slot('2026-07-14T08:00:00Z', 'Europe/Paris', 'FR', { excludeHolidays: false }).codes).toEqual([]);
  });

  it('weekend data for the countries checked against CLDR 48', () => {
    const days = (c: string) => resolveWeekend('country', c).days;
    for (const c of ['IL', 'SA', 'EG', 'QA', 'KW', 'BH', 'OM', 'JO', 'IQ', 'YE', 'DZ', 'LY', 'SD']) {
      expect(days(c), c).toEqual([5, 6]);
    }
    expect(days('AE')).toEqual([6, 7]); // Sat-Sun since 2022
    expect(days('IR')).toEqual([5]);
    expect(days('AF')).toEqual([4, 5]);
    expect(days('IN')).toEqual([7]);
    expect(days('FR')).toEqual([6, 7]);
    expect(days('US')).toEqual([6, 7]);
  });

  it('refuses a weekend that is malformed or covers every window day', () => {
    const issues = (o: unknown) => {
      const r = parseCadenceSettings(o);
      return r.ok ? [] : r.error.issues;
    };
    expect(issues({ weekend: 'friday' })).toHaveLength(1);
    expect(issues({ weekend: [5, 5] })[0]).toContain('listed twice');
    expect(issues({ weekend: [1, 2, 3, 4, 5, 6, 7] })[0]).toMatch(/^installation\.weekend: /);
    expect(issues({ weekend: 'sat_sun', window: { days: [6, 7] } })).toEqual([
      'merged.weekend: the weekend covers every window day',
    ]);
  });
});

describe('contactCountry', () => {
  const crm = (zone: string) => ({ zone, source: 'crm' as const, basis: '' });
  it("takes the contact's country, else its CRM zone's; never the installation default", () => {
    expect(contactCountry('Israel', crm('Europe/Paris'))).toEqual({ code: 'IL', source: 'contact' });
    expect(contactCountry(null, crm('Asia/Jerusalem'))).toEqual({ code: 'IL', source: 'zone' });
    expect(contactCountry(null, crm('Asia/Tel_Aviv')).code).toBe('IL');
    expect(contactCountry('', crm('America/New_York')).code).toBe('US');
    expect(contactCountry(null, { zone: 'Asia/Riyadh', source: 'default', basis: '' }).code).toBeNull();
    expect(contactCountry(null, crm('UTC')).code).toBeNull();
  });
});
