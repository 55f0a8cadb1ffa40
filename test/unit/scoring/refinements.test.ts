import { describe, expect, it } from 'vitest';
import type { ScoreEvent } from '../../../src/domain/scoring/evaluate';
import { parseScoringModel, type ScoringModel } from '../../../src/domain/scoring/model';
import { mergeReplayResults, type ReplayContact, replayModel } from '../../../src/domain/scoring/replay';
import { seedThresholdStates } from '../../../src/domain/scoring/thresholds';

const now = new Date('2026-03-02T14:00:00Z');

function model(webhookUrl = 'https://hooks.example.com/x'): ScoringModel {
  const parsed = parseScoringModel({
    name: 'M',
    halfLifeDays: null,
    rules: [{ id: 'replied', label: 'Replied', kind: 'event', event: 'email_replied', points: 30 }],
    thresholds: [
      {
        id: 'mql',
        label: 'MQL',
        score: 50,
        hysteresis: 10,
        direction: 'up',
        actions: [{ type: 'webhook', url: webhookUrl }],
      },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const replies = (n: number): ScoreEvent[] =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, type: 'email_replied' as const, at: now }));

describe('seedThresholdStates', () => {
  it('seeds a threshold with no state from the previous score, and keeps stored states', () => {
    const thresholds = model().thresholds;
    expect(seedThresholdStates({ thresholds, previous: {}, previousScore: 70 })).toEqual({
      mql: { state: 'above', crossings: 0 },
    });
    expect(seedThresholdStates({ thresholds, previous: {}, previousScore: 20 })).toEqual({
      mql: { state: 'below', crossings: 0 },
    });
    expect(seedThresholdStates({ thresholds, previous: {}, previousScore: undefined })).toEqual({});
    const stored = { mql: { state: 'below' as const, crossings: 3 } };
    expect(seedThresholdStates({ thresholds, previous: stored, previousScore: 90 })).toEqual(stored);
  });
});

describe('mergeReplayResults', () => {
  it('gives the same report for contacts replayed in batches as in one go', () => {
    const draft = model();
    const contacts: ReplayContact[] = Array.from({ length: 25 }, (_, i) => ({
      contactId: `con_${String(i).padStart(2, '0')}`,
      events: replies(i % 4),
      properties: {},
      ...(i % 3 === 0 ? { currentScore: 55 } : {}),
    }));
    const whole = replayModel({ contacts, draft, now });
    const parts = [0, 7, 14, 21].map((start) =>
      replayModel({ contacts: contacts.slice(start, start + 7), draft, now }),
    );
    expect(mergeReplayResults(draft, parts)).toEqual(whole);
    expect(mergeReplayResults(draft, [])).toEqual(replayModel({ contacts: [], draft, now }));
  });
});

describe('webhook URLs', () => {
  it('accepts https anywhere and plain http only on this machine', () => {
    expect(() => model('https://hooks.example.com/x')).not.toThrow();
    expect(() => model('http://127.0.0.1:8080/hook')).not.toThrow();
    expect(() => model('http://localhost/hook')).not.toThrow();
    expect(() => model('http://hooks.example.com/x')).toThrow('must be an https URL');
    expect(() => model('http://127.0.0.1.example.com/x')).toThrow('must be an https URL');
    expect(() => model('ftp://127.0.0.1/x')).toThrow('must be an https URL');
  });
});
