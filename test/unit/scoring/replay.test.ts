import { describe, expect, it } from 'vitest';
import type { ScoreEvent } from '../../../src/domain/scoring/evaluate';
import { parseScoringModel, type ScoringModel } from '../../../src/domain/scoring/model';
import { type ReplayContact, replayModel } from '../../../src/domain/scoring/replay';

const now = new Date('2025-06-01T00:00:00Z');

function modelOf(points: { reply: number; click: number }): ScoringModel {
  const parsed = parseScoringModel({
    name: 'Draft',
    halfLifeDays: null,
    rules: [
      { id: 'replied', label: 'Replied', kind: 'event', event: 'email_replied', points: points.reply },
      { id: 'clicked', label: 'Clicked', kind: 'event', event: 'email_clicked', points: points.click },
    ],
    thresholds: [
      { id: 'mql', label: 'MQL', score: 50, hysteresis: 10, direction: 'up', actions: [] },
      { id: 'sql', label: 'SQL', score: 100, hysteresis: 10, direction: 'both', actions: [] },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const events = (replies: number, clicks: number): ScoreEvent[] => [
  ...Array.from({ length: replies }, (_, i) => ({ id: `r${i}`, type: 'email_replied' as const, at: now })),
  ...Array.from({ length: clicks }, (_, i) => ({ id: `c${i}`, type: 'email_clicked' as const, at: now })),
];

describe('replayModel', () => {
  it('summarises what publishing the draft would change, without firing anything', () => {
    const contacts: ReplayContact[] = [
      // live 30 -> draft 60: crosses MQL up.
      { contactId: 'con_a', events: events(1, 2), properties: {}, currentScore: 30 },
      // live 55 (above MQL) -> draft 45: inside the hysteresis band, stays above.
      { contactId: 'con_b', events: events(0, 3), properties: {}, currentScore: 55 },
      // live 110 above SQL -> draft 80: falls below 90, a down crossing on SQL.
      {
        contactId: 'con_c',
        events: events(2, 0),
        properties: {},
        currentScore: 110,
        currentState: {
          mql: { state: 'above', crossings: 1 },
          sql: { state: 'above', crossings: 1 },
        },
      },
      // never scored, no activity: unchanged at 0.
      { contactId: 'con_d', events: [], properties: {} },
    ];
    const result = replayModel({ contacts, draft: modelOf({ reply: 40, click: 15 }), now });
    expect(result).toEqual({
      contacts: 4,
      perThreshold: [
        { thresholdId: 'mql', label: 'MQL', wouldCrossUp: 1, wouldCrossDown: 0, above: 3 },
        { thresholdId: 'sql', label: 'SQL', wouldCrossUp: 0, wouldCrossDown: 1, above: 0 },
      ],
      scoreChanges: { increased: 1, decreased: 2, unchanged: 1 },
      samples: [
        { contactId: 'con_a', before: 30, after: 70, delta: 40 },
        { contactId: 'con_c', before: 110, after: 80, delta: -30 },
        { contactId: 'con_b', before: 55, after: 45, delta: -10 },
      ],
      distribution: [
        { score: 0, now: 1, draft: 1 },
        { score: 30, now: 1, draft: 0 },
        { score: 45, now: 0, draft: 1 },
        { score: 55, now: 1, draft: 0 },
        { score: 70, now: 0, draft: 1 },
        { score: 80, now: 0, draft: 1 },
        { score: 110, now: 1, draft: 0 },
      ],
    });
  });

  it('keeps the 10 biggest changes, largest first, ties by contact id', () => {
    const contacts = Array.from({ length: 25 }, (_, i) => ({
      contactId: `con_${String(i).padStart(2, '0')}`,
      events: events(0, i % 13),
      properties: {},
      currentScore: 0,
    }));
    const { samples, scoreChanges } = replayModel({ contacts, draft: modelOf({ reply: 1, click: 1 }), now });
    expect(scoreChanges).toEqual({ increased: 23, decreased: 0, unchanged: 2 });
    expect(samples.map((s) => `${s.contactId}:${s.delta}`)).toEqual([
      'con_12:12',
      'con_11:11',
      'con_24:11',
      'con_10:10',
      'con_23:10',
      'con_09:9',
      'con_22:9',
      'con_08:8',
      'con_21:8',
      'con_07:7',
    ]);
  });
});
