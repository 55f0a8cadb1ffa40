import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScoreThreshold } from '../../../src/domain/scoring/model';
import { detectCrossings, type ThresholdStates } from '../../../src/domain/scoring/thresholds';

const mql: ScoreThreshold = {
  id: 'mql',
  label: 'MQL',
  score: 50,
  hysteresis: 5,
  direction: 'both',
  actions: [{ type: 'crm_task', subject: 'Call' }],
};
const sql: ScoreThreshold = { ...mql, id: 'sql', label: 'SQL', score: 80, direction: 'up', actions: [] };

/** Feeds scores one by one, as the scoring job would, and collects every crossing key. */
function run(scores: number[], thresholds: ScoreThreshold[] = [mql], start: ThresholdStates = {}) {
  let state = start;
  const keys: string[] = [];
  for (const score of scores) {
    const result = detectCrossings({ contactId: 'con_1', thresholds, previous: state, score });
    state = result.state;
    keys.push(...result.crossings.map((c) => c.idempotencyKey));
  }
  return { state, keys };
}

describe('detectCrossings', () => {
  it('creates one up crossing when the score flaps around the threshold', () => {
    const { state, keys } = run([10, 50.1, 49.9, 50.1, 49.9, 46, 50.1, 45.01]);
    expect(keys).toEqual(['con_1:mql:up:1']);
    expect(state).toEqual({ mql: { state: 'above', crossings: 1 } });
  });

  it('creates a down crossing below score - hysteresis and a second up crossing after it', () => {
    const { state, keys } = run([50.1, 49.9, 44.9, 47, 50]);
    expect(keys).toEqual(['con_1:mql:up:1', 'con_1:mql:down:1', 'con_1:mql:up:2']);
    expect(state.mql).toEqual({ state: 'above', crossings: 2 });
  });

  it('fires only the directions the threshold acts on, while the state follows the score', () => {
    const upOnly = { ...mql, direction: 'up' as const };
    expect(run([60, 40, 60], [upOnly]).keys).toEqual(['con_1:mql:up:1', 'con_1:mql:up:2']);
    const downOnly = { ...mql, direction: 'down' as const };
    const { keys, state } = run([60, 40, 60], [downOnly]);
    expect(keys).toEqual(['con_1:mql:down:1']);
    expect(state.mql).toEqual({ state: 'above', crossings: 2 });
  });

  it('returns the actions with the crossing and orders several thresholds from the nearest', () => {
    const up = detectCrossings({ contactId: 'con_1', thresholds: [sql, mql], previous: {}, score: 90 });
    expect(up.crossings.map((c) => [c.thresholdId, c.direction, c.actions.length])).toEqual([
      ['mql', 'up', 1],
      ['sql', 'up', 0],
    ]);
    const both = { ...sql, direction: 'both' as const };
    const down = detectCrossings({
      contactId: 'con_1',
      thresholds: [mql, both],
      previous: up.state,
      score: 0,
    });
    expect(down.crossings.map((c) => c.idempotencyKey)).toEqual(['con_1:sql:down:1', 'con_1:mql:down:1']);
  });

  it('keeps the state of thresholds the model no longer has and does not mutate its input', () => {
    const previous: ThresholdStates = {
      old: { state: 'above', crossings: 3 },
      mql: { state: 'below', crossings: 0 },
    };
    const copy = structuredClone(previous);
    const result = detectCrossings({ contactId: 'con_1', thresholds: [mql], previous, score: 70 });
    expect(result.state).toEqual({
      old: { state: 'above', crossings: 3 },
      mql: { state: 'above', crossings: 1 },
    });
    expect(previous).toEqual(copy);
  });

  it('gives a seeded "above" contact a down crossing numbered 0, distinct from later ones', () => {
    const { keys } = run([10, 60, 10], [mql], { mql: { state: 'above', crossings: 0 } });
    expect(keys).toEqual(['con_1:mql:down:0', 'con_1:mql:up:1', 'con_1:mql:down:1']);
  });

  it('alternates up and down and never repeats a key, for any score path (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -20, max: 120, noNaN: true }), { maxLength: 60 }), (scores) => {
        const { keys, state } = run(scores);
        expect(new Set(keys).size).toBe(keys.length);
        keys.forEach((key, i) => {
          expect(key).toMatch(i % 2 === 0 ? /:up:/ : /:down:/);
        });
        const ups = keys.filter((k) => k.includes(':up:')).length;
        expect(state.mql?.crossings ?? 0).toBe(ups);
        // Re-running a score already applied changes nothing: retries fire no action twice.
        const last = scores.at(-1);
        if (last !== undefined) {
          expect(
            detectCrossings({ contactId: 'con_1', thresholds: [mql], previous: state, score: last })
              .crossings,
          ).toEqual([]);
        }
      }),
    );
  });
});
