import { describe, expect, it } from 'vitest';
import { halfLifeFactor, projectScore } from '../../../src/domain/scoring/decay';
import type { ScoreEvent } from '../../../src/domain/scoring/evaluate';
import { parseScoringModel, type ScoringModel } from '../../../src/domain/scoring/model';
import { detectCrossings } from '../../../src/domain/scoring/thresholds';

const now = new Date('2025-03-01T00:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

function modelOf(input: unknown): ScoringModel {
  const parsed = parseScoringModel(input);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const model = modelOf({
  name: 'Decay',
  halfLifeDays: 30,
  rules: [
    { id: 'replied', label: 'Replied', kind: 'event', event: 'email_replied', points: 40 },
    { id: 'meeting', label: 'Booked a meeting', kind: 'event', event: 'meeting_booked', points: 40 },
  ],
  thresholds: [{ id: 'mql', label: 'MQL', score: 50, hysteresis: 5, direction: 'both', actions: [] }],
});
const events: ScoreEvent[] = [
  { id: 'evt_1', type: 'email_replied', at: now },
  { id: 'evt_2', type: 'meeting_booked', at: now },
];

describe('halfLifeFactor', () => {
  it('halves once per half-life and does nothing without one', () => {
    expect(halfLifeFactor(0, 30)).toBe(1);
    expect(halfLifeFactor(30, 30)).toBe(0.5);
    expect(halfLifeFactor(90, 30)).toBe(0.125);
    expect(halfLifeFactor(15, 30)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(halfLifeFactor(365, 0)).toBe(1);
    expect(halfLifeFactor(365, null)).toBe(1);
    expect(halfLifeFactor(-3, 30)).toBe(1);
  });
});

describe('projectScore', () => {
  it('takes a score of 80 to 40 after one 30-day half-life without activity', () => {
    const today = projectScore({ events, properties: {}, model, now, at: now });
    expect(today.score).toBe(80);
    const month = projectScore({ events, properties: {}, model, now, at: later(30) });
    expect(Math.abs(month.score - 40)).toBeLessThanOrEqual(0.01);
    expect(month.asOf).toEqual(later(30));
  });

  it('ignores activity after now, so it answers "if nothing else happens"', () => {
    const more: ScoreEvent[] = [...events, { id: 'evt_3', type: 'email_replied', at: later(10) }];
    expect(projectScore({ events: more, properties: {}, model, now, at: later(30) }).score).toBe(40);
  });

  it('lets the decay sweep detect the downward crossing no event will trigger', () => {
    const first = detectCrossings({
      contactId: 'con_1',
      thresholds: model.thresholds,
      previous: {},
      score: 80,
    });
    expect(first.crossings.map((c) => c.idempotencyKey)).toEqual(['con_1:mql:up:1']);

    // 80 x 0.5^(22/30) = 48.12: under 50 but inside the hysteresis band (45-50), so still armed above.
    const day22 = projectScore({ events, properties: {}, model, now, at: later(22) }).score;
    expect(day22).toBe(48.12);
    const sweep22 = detectCrossings({
      contactId: 'con_1',
      thresholds: model.thresholds,
      previous: first.state,
      score: day22,
    });
    expect(sweep22.crossings).toEqual([]);

    const day30 = projectScore({ events, properties: {}, model, now, at: later(30) }).score;
    const sweep30 = detectCrossings({
      contactId: 'con_1',
      thresholds: model.thresholds,
      previous: sweep22.state,
      score: day30,
    });
    expect(sweep30.crossings.map((c) => c.idempotencyKey)).toEqual(['con_1:mql:down:1']);
    expect(sweep30.state.mql).toEqual({ state: 'below', crossings: 1 });
  });
});
