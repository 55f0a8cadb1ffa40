import { describe, expect, it } from 'vitest';
import {
  applyWindowOverride,
  DEFAULT_CADENCE_SETTINGS,
  mergeCadenceSettings,
  parseCadenceSettings,
} from '../../../src/domain/cadence/settings';

function issues(result: ReturnType<typeof mergeCadenceSettings>): string[] {
  return result.ok ? [] : result.error.issues;
}

describe('cadence settings', () => {
  it("fills defaults: 09:00-17:00 off the country's weekend and holidays, 24h spacing, 3 per 7 days, UTC", () => {
    expect(parseCadenceSettings({})).toEqual({ ok: true, value: DEFAULT_CADENCE_SETTINGS });
    expect(DEFAULT_CADENCE_SETTINGS).toEqual({
      window: { days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '17:00' },
      weekend: 'country',
      excludeHolidays: true,
      minSpacingHours: 24,
      cap: { count: 3, days: 7 },
      defaultZone: 'UTC',
      countTasksTowardCap: false,
    });
  });

  it('merges installation <- sequence <- step, later wins field by field', () => {
    const r = mergeCadenceSettings({
      installation: { window: { start: '08:00' }, defaultZone: 'america_slash_chicago', cap: { count: 5 } },
      sequence: { window: { end: '18:00', days: [1, 2, 3] }, excludeHolidays: true },
      step: { window: { start: '10:00' }, cap: { days: 14 } },
    });
    expect(r).toEqual({
      ok: true,
      value: {
        window: { days: [1, 2, 3], start: '10:00', end: '18:00' },
        weekend: 'country',
        excludeHolidays: true,
        minSpacingHours: 24,
        cap: { count: 5, days: 14 },
        defaultZone: 'America/Chicago',
        countTasksTowardCap: false,
      },
    });
  });

  it('rejects an invalid IANA zone', () => {
    expect(issues(parseCadenceSettings({ defaultZone: 'Mars/Base' }))).toEqual([
      'installation.defaultZone: must be an IANA time zone such as Europe/Paris',
    ]);
    expect(issues(parseCadenceSettings({ defaultZone: '+02:00' }))).toHaveLength(1);
  });

  it('rejects end <= start, including when it only appears after merging', () => {
    expect(issues(parseCadenceSettings({ window: { start: '17:00', end: '09:00' } }))).toEqual([
      'merged.window.end: end must be after start (windows that cross midnight are not supported)',
    ]);
    expect(
      issues(
        mergeCadenceSettings({
          installation: { window: { start: '10:00' } },
          step: { window: { end: '10:00' } },
        }),
      ),
    ).toHaveLength(1);
  });

  it('rejects empty, repeated or out-of-range days and malformed times', () => {
    expect(issues(parseCadenceSettings({ window: { days: [] } }))).toEqual([
      'installation.window.days: the window needs at least one sending day',
    ]);
    expect(issues(parseCadenceSettings({ window: { days: [1, 1] } }))).toEqual([
      'installation.window.days: a weekday is listed twice',
    ]);
    expect(issues(parseCadenceSettings({ window: { days: [0] } }))[0]).toContain('weekdays are 1-7');
    expect(issues(parseCadenceSettings({ window: { start: '9:00' } }))[0]).toContain('"HH:mm"');
    expect(issues(parseCadenceSettings({ window: { end: '24:30' } }))[0]).toContain('"HH:mm"');
  });

  it('rejects unknown keys and bad numbers, naming the layer', () => {
    const r = mergeCadenceSettings({
      sequence: { windw: {} },
      step: { minSpacingHours: -1, cap: { count: 0 } },
    });
    const found = issues(r);
    expect(found.some((i) => i.startsWith('sequence'))).toBe(true);
    expect(found.some((i) => i.startsWith('step.minSpacingHours'))).toBe(true);
    expect(found.some((i) => i.startsWith('step.cap.count'))).toBe(true);
  });

  it('allows a window to run to midnight', () => {
    expect(parseCadenceSettings({ window: { start: '18:00', end: '24:00' } }).ok).toBe(true);
  });

  it('applies a step window override and validates it', () => {
    const w = DEFAULT_CADENCE_SETTINGS.window;
    expect(applyWindowOverride(w, { start: '11:00' })).toEqual({ ...w, start: '11:00' });
    expect(() => applyWindowOverride(w, { end: '08:00' })).toThrow();
  });
});
