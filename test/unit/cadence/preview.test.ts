import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type PreviewInput, type PreviewStep, previewSequence } from '../../../src/domain/cadence/preview';
import { DEFAULT_CADENCE_SETTINGS } from '../../../src/domain/cadence/settings';

const zone = 'America/New_York';
const start = new Date('2025-01-06T14:00:00Z'); // Mon 09:00 EST

function preview(steps: PreviewStep[], overrides: Partial<PreviewInput> = {}) {
  return previewSequence({
    steps,
    start,
    zone,
    zoneSource: 'crm',
    settings: DEFAULT_CADENCE_SETTINGS,
    existingSends: [],
    jitterKey: 'ctc_1',
    ...overrides,
  });
}

const localOf = (at: Date) => DateTime.fromJSDate(at, { zone });

describe('previewSequence', () => {
  it('simulates the timeline with the same plan and gate as real sends', () => {
    const timeline = preview([
      { key: 'intro', kind: 'email', delay: { amount: 0, unit: 'minutes' } },
      { key: 'call', kind: 'task', delay: { amount: 1, unit: 'hours' } },
      { key: 'bump', kind: 'email', delay: { amount: 0, unit: 'minutes' } },
      { key: 'pause', kind: 'wait', delay: { amount: 2, unit: 'business_days' } },
      { key: 'check', kind: 'branch', delay: { amount: 0, unit: 'minutes' } },
      { key: 'last', kind: 'email', delay: { amount: 0, unit: 'minutes' } },
    ]);
    expect(timeline.map((e) => e.stepKey)).toEqual(['intro', 'call', 'bump', 'pause', 'check', 'last']);
    const [intro, call, bump, pause, check, last] = timeline;
    expect(intro?.at).toEqual(start);
    expect(call?.at).toEqual(new Date('2025-01-06T15:00:00Z'));
    // The task does not count; the second mail waits for the 24h spacing after the first.
    expect(bump?.at).toEqual(new Date('2025-01-07T14:00:00Z'));
    expect(bump?.reasons.map((r) => r.code)).toContain('spacing');
    // Wait: Tue 09:00 + 2 business days = Thu 09:00; the branch happens right after.
    expect(localOf(pause?.at as Date).toISO()).toBe('2025-01-09T09:00:00.000-05:00');
    expect(check?.at).toEqual(pause?.at);
    // Third mail within 7 days of the first two: the cap is 3, so it goes out Thu 09:00.
    expect(last?.at).toEqual(pause?.at);
  });

  it('gates against mails from other sequences and counts tasks when configured', () => {
    const steps: PreviewStep[] = [
      { key: 'a', kind: 'task', delay: { amount: 0, unit: 'minutes' } },
      { key: 'b', kind: 'email', delay: { amount: 0, unit: 'minutes' } },
    ];
    const other = new Date('2025-01-06T13:00:00Z');
    const plain = preview(steps, { existingSends: [other] });
    expect(plain[0]?.at).toEqual(start);
    // 24h after 08:00 Mon is 08:00 Tue, before the window: Tue 09:xx (spread).
    const bumped = localOf(plain[1]?.at as Date);
    expect([bumped.toISODate(), bumped.hour]).toEqual(['2025-01-07', 9]);
    expect(plain[1]?.reasons.map((r) => r.code)).toEqual([
      'spacing',
      'not_before_earliest',
      'outside_window',
      'jitter',
    ]);
    const counted = preview(steps, { settings: { ...DEFAULT_CADENCE_SETTINGS, countTasksTowardCap: true } });
    expect(counted[1]?.at).toEqual(new Date('2025-01-07T14:00:00Z'));
  });

  it('applies step window overrides', () => {
    const [only] = preview([
      {
        key: 'late',
        kind: 'email',
        delay: { amount: 0, unit: 'minutes' },
        windowOverride: { start: '13:00' },
      },
    ]);
    const local = localOf(only?.at as Date);
    expect([local.toISODate(), local.hour]).toEqual(['2025-01-06', 13]);
  });
});
