import { describe, expect, it } from 'vitest';
import { type ScoreEvent, scoreContact } from '../../../src/domain/scoring/evaluate';
import { explainScore } from '../../../src/domain/scoring/explain';
import { parseScoringModel, type ScoringModel } from '../../../src/domain/scoring/model';

const now = new Date('2025-06-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

function modelOf(input: unknown): ScoringModel {
  const parsed = parseScoringModel(input);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const model = modelOf({
  name: 'Explained',
  halfLifeDays: 30,
  rules: [
    {
      id: 'clicked',
      label: 'Clicked a link',
      kind: 'event',
      event: 'email_clicked',
      points: 5,
      maxPoints: 15,
    },
    { id: 'visited', label: 'Visited the site', kind: 'event', event: 'page_visited', points: 4 },
    { id: 'unsub', label: 'Unsubscribed', kind: 'event', event: 'unsubscribed', points: -20, decay: false },
    {
      id: 'us',
      label: 'Based in the US',
      kind: 'property',
      property: 'country',
      op: 'equals',
      value: 'US',
      points: 10,
    },
  ],
  thresholds: [],
});

describe('explainScore', () => {
  it('writes one sentence per contribution, then decay and machine-traffic notes', () => {
    const events: ScoreEvent[] = [
      ...[1, 2, 3, 4].map((i) => ({ id: `c${i}`, type: 'email_clicked' as const, at: now })),
      { id: 'v1', type: 'page_visited', at: daysAgo(30) },
      { id: 'u1', type: 'unsubscribed', at: daysAgo(60) },
      { id: 'm1', type: 'email_clicked', at: now, machine: true },
    ];
    const result = scoreContact({ events, properties: { country: 'us' }, model, now });
    expect(result.score).toBe(7);
    expect(explainScore(result, model)).toEqual([
      '\u221220 Unsubscribed',
      '+15 Clicked a link (4×, capped at 15)',
      '+10 Based in the US',
      '+2 Visited the site (+4 before decay)',
      'Event points halve every 30 days of age (half-life); property points do not decay. ' +
        'Decay so far: \u22122 points.',
      '1 machine-generated event (privacy-proxy opens, scanner clicks) did not count.',
    ]);
  });

  it('says when nothing matches', () => {
    const result = scoreContact({ events: [], properties: {}, model: { ...model, halfLifeDays: null }, now });
    expect(explainScore(result, { ...model, halfLifeDays: null })).toEqual([
      'No rule matches this contact yet, so the score is 0.',
      'No decay: event points keep their full value.',
    ]);
  });
});
