import { type ScoreEvent, scoreContact } from './evaluate';
import type { ScoringModel } from './model';
import { round2 } from './points';
import { detectCrossings, type ThresholdStates } from './thresholds';

export type ReplayContact = {
  contactId: string;
  events: ReadonlyArray<ScoreEvent>;
  properties: Readonly<Record<string, unknown>>;
  /** The score under the live version; a contact never scored counts as 0. */
  currentScore?: number;
  /** The live armed state; a threshold missing here is derived from `currentScore` (else below). */
  currentState?: Readonly<ThresholdStates>;
};

export type ReplayInput = {
  contacts: ReadonlyArray<ReplayContact>;
  draft: ScoringModel;
  now: Date;
};

export type ReplayThresholdSummary = {
  thresholdId: string;
  label: string;
  /** State changes, whether or not the threshold acts on that direction. */
  wouldCrossUp: number;
  wouldCrossDown: number;
  /** Contacts armed above under the draft (at or over the score, or inside the hysteresis band after it). */
  above: number;
};

export type ReplaySample = { contactId: string; before: number; after: number; delta: number };

export type ReplayResult = {
  contacts: number;
  perThreshold: ReplayThresholdSummary[];
  scoreChanges: { increased: number; decreased: number; unchanged: number };
  /** The 10 biggest changes by |delta|, ties by contact id. */
  samples: ReplaySample[];
};

const sampleSize = 10;

/** What-if before publishing: rescore every contact under the draft; nothing is written or fired. */
export function replayModel(input: ReplayInput): ReplayResult {
  const perThreshold = new Map<string, ReplayThresholdSummary>(
    input.draft.thresholds.map((t) => [
      t.id,
      { thresholdId: t.id, label: t.label, wouldCrossUp: 0, wouldCrossDown: 0, above: 0 },
    ]),
  );
  const scoreChanges = { increased: 0, decreased: 0, unchanged: 0 };
  const changes: ReplaySample[] = [];

  for (const contact of input.contacts) {
    const before = contact.currentScore ?? 0;
    const { score: after } = scoreContact({
      events: contact.events,
      properties: contact.properties,
      model: input.draft,
      now: input.now,
    });
    const delta = round2(after - before);
    if (delta > 0) scoreChanges.increased += 1;
    else if (delta < 0) scoreChanges.decreased += 1;
    else scoreChanges.unchanged += 1;
    changes.push({ contactId: contact.contactId, before, after, delta });

    const previous = previousState(contact, input.draft);
    const { state } = detectCrossings({
      contactId: contact.contactId,
      thresholds: input.draft.thresholds,
      previous,
      score: after,
    });
    for (const summary of perThreshold.values()) {
      const was = previous[summary.thresholdId]?.state ?? 'below';
      const next = state[summary.thresholdId]?.state ?? 'below';
      if (was === 'below' && next === 'above') summary.wouldCrossUp += 1;
      if (was === 'above' && next === 'below') summary.wouldCrossDown += 1;
      if (next === 'above') summary.above += 1;
    }
  }

  const samples = changes
    .filter((c) => c.delta !== 0)
    .sort(
      (a, b) =>
        Math.abs(b.delta) - Math.abs(a.delta) ||
        (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0),
    )
    .slice(0, sampleSize);

  return { contacts: input.contacts.length, perThreshold: [...perThreshold.values()], scoreChanges, samples };
}

/** Without a stored state, a contact whose live score is already over a threshold is not a new crossing. */
function previousState(contact: ReplayContact, draft: ScoringModel): ThresholdStates {
  const state: ThresholdStates = { ...contact.currentState };
  for (const threshold of draft.thresholds) {
    if (state[threshold.id] || contact.currentScore === undefined) continue;
    state[threshold.id] = {
      state: contact.currentScore >= threshold.score ? 'above' : 'below',
      crossings: 0,
    };
  }
  return state;
}
