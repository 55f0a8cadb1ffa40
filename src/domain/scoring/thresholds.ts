import { z } from 'zod';
import { assertNever } from '../result';
import type { ScoreThreshold, ThresholdAction, ThresholdDirection } from './model';

export type CrossingDirection = 'up' | 'down';

/**
 * Per threshold: where the score sits, and how many upward crossings happened so far. Stored with the
 * contact's score (JSON), so it has a schema.
 */
export const thresholdStateSchema = z.strictObject({
  state: z.enum(['above', 'below']),
  crossings: z.int().min(0),
});
export type ThresholdState = z.infer<typeof thresholdStateSchema>;
export type ArmedState = ThresholdState['state'];
export const thresholdStatesSchema = z.record(z.string(), thresholdStateSchema);
export type ThresholdStates = Record<string, ThresholdState>;

export type Crossing = {
  thresholdId: string;
  label: string;
  direction: CrossingDirection;
  /**
   * Up crossings count 1, 2, 3...; a down crossing carries the number of the up crossing it ends
   * (0 when the contact was seeded as already above). Direction plus number is unique per threshold.
   */
  crossingNumber: number;
  /** Use as the job / action key: a retried evaluation of the same crossing fires nothing twice. */
  idempotencyKey: string;
  actions: ThresholdAction[];
};

export type CrossingInput = {
  contactId: string;
  thresholds: ReadonlyArray<ScoreThreshold>;
  previous: Readonly<ThresholdStates>;
  score: number;
};

export type CrossingResult = {
  state: ThresholdStates;
  /** Only crossings whose direction the threshold acts on; up crossings by ascending score, then downs. */
  crossings: Crossing[];
};

const initialState: ThresholdState = { state: 'below', crossings: 0 };

/**
 * Hysteresis: below -> above when score >= threshold; above -> below only when the score falls
 * under `threshold - hysteresis`. Between the two lines the state holds, so a score flapping around
 * the threshold makes one crossing, not one per wobble.
 */
export function detectCrossings(input: CrossingInput): CrossingResult {
  // Thresholds dropped from the model keep their state: a later version may bring them back.
  const state: ThresholdStates = { ...input.previous };
  const crossings: Crossing[] = [];
  const ordered = [...input.thresholds].sort(
    (a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const threshold of ordered) {
    const before = input.previous[threshold.id] ?? initialState;
    const after = nextState(before, threshold, input.score);
    state[threshold.id] = after;
    if (after.state === before.state) continue;
    const direction: CrossingDirection = after.state === 'above' ? 'up' : 'down';
    if (!fires(threshold.direction, direction)) continue;
    crossings.push({
      thresholdId: threshold.id,
      label: threshold.label,
      direction,
      crossingNumber: after.crossings,
      idempotencyKey: `${input.contactId}:${threshold.id}:${direction}:${after.crossings}`,
      actions: threshold.actions,
    });
  }
  // A score moves one way per update; within it, act from the nearest threshold outwards.
  const ups = crossings.filter((c) => c.direction === 'up');
  const downs = crossings.filter((c) => c.direction === 'down').reverse();
  return { state, crossings: [...ups, ...downs] };
}

/**
 * A threshold with no stored state (new in this version, or a contact scored before states were
 * kept) is seeded from the score the contact already had: someone already over the line is not a
 * new crossing. With no earlier score everyone starts below.
 */
export function seedThresholdStates(input: {
  thresholds: ReadonlyArray<ScoreThreshold>;
  previous: Readonly<ThresholdStates>;
  previousScore: number | undefined;
}): ThresholdStates {
  const state: ThresholdStates = { ...input.previous };
  for (const threshold of input.thresholds) {
    if (state[threshold.id] || input.previousScore === undefined) continue;
    state[threshold.id] = {
      state: input.previousScore >= threshold.score ? 'above' : 'below',
      crossings: 0,
    };
  }
  return state;
}

export function nextState(before: ThresholdState, threshold: ScoreThreshold, score: number): ThresholdState {
  switch (before.state) {
    case 'below':
      return score >= threshold.score
        ? { state: 'above', crossings: before.crossings + 1 }
        : { state: 'below', crossings: before.crossings };
    case 'above':
      return score < threshold.score - threshold.hysteresis
        ? { state: 'below', crossings: before.crossings }
        : { state: 'above', crossings: before.crossings };
    default:
      return assertNever(before.state);
  }
}

function fires(setting: ThresholdDirection, direction: CrossingDirection): boolean {
  switch (setting) {
    case 'both':
      return true;
    case 'up':
    case 'down':
      return setting === direction;
    default:
      return assertNever(setting);
  }
}
