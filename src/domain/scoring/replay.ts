import { type ScoreEvent, scoreContact } from './evaluate';
import type { ScoringModel } from './model';
import { round2 } from './points';
import { detectCrossings, seedThresholdStates, type ThresholdStates } from './thresholds';

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

/** How many contacts have a score now and under the draft: the what-if's histogram, before binning. */
export type ReplayScoreCount = { score: number; now: number; draft: number };

export type ReplayResult = {
  contacts: number;
  perThreshold: ReplayThresholdSummary[];
  scoreChanges: { increased: number; decreased: number; unchanged: number };
  /** The 10 biggest changes by |delta|, ties by contact id. */
  samples: ReplaySample[];
  /** One row per score seen (now or under the draft), ascending. */
  distribution: ReplayScoreCount[];
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
  const counts = new Map<number, ReplayScoreCount>();
  const count = (score: number, series: 'now' | 'draft') => {
    const row = counts.get(score) ?? { score, now: 0, draft: 0 };
    row[series] += 1;
    counts.set(score, row);
  };

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
    count(before, 'now');
    count(after, 'draft');

    const previous = seedThresholdStates({
      thresholds: input.draft.thresholds,
      previous: contact.currentState ?? {},
      previousScore: contact.currentScore,
    });
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

  const samples = rankSamples(changes);

  return {
    contacts: input.contacts.length,
    perThreshold: [...perThreshold.values()],
    scoreChanges,
    samples,
    distribution: sortedCounts(counts.values()),
  };
}

function sortedCounts(rows: Iterable<ReplayScoreCount>): ReplayScoreCount[] {
  return [...rows].sort((a, b) => a.score - b.score);
}

/**
 * Combines the reports of several batches of one installation's contacts (the service replays in
 * batches so memory stays flat): counts add up, samples are re-ranked.
 */
export function mergeReplayResults(draft: ScoringModel, parts: ReadonlyArray<ReplayResult>): ReplayResult {
  const perThreshold = new Map<string, ReplayThresholdSummary>(
    draft.thresholds.map((t) => [
      t.id,
      { thresholdId: t.id, label: t.label, wouldCrossUp: 0, wouldCrossDown: 0, above: 0 },
    ]),
  );
  const scoreChanges = { increased: 0, decreased: 0, unchanged: 0 };
  const counts = new Map<number, ReplayScoreCount>();
  let contacts = 0;
  for (const part of parts) {
    contacts += part.contacts;
    for (const row of part.distribution) {
      const sum = counts.get(row.score) ?? { score: row.score, now: 0, draft: 0 };
      sum.now += row.now;
      sum.draft += row.draft;
      counts.set(row.score, sum);
    }
    scoreChanges.increased += part.scoreChanges.increased;
    scoreChanges.decreased += part.scoreChanges.decreased;
    scoreChanges.unchanged += part.scoreChanges.unchanged;
    for (const t of part.perThreshold) {
      const sum = perThreshold.get(t.thresholdId);
      if (!sum) continue;
      sum.wouldCrossUp += t.wouldCrossUp;
      sum.wouldCrossDown += t.wouldCrossDown;
      sum.above += t.above;
    }
  }
  const samples = rankSamples(parts.flatMap((p) => p.samples));
  return {
    contacts,
    perThreshold: [...perThreshold.values()],
    scoreChanges,
    samples,
    distribution: sortedCounts(counts.values()),
  };
}

function rankSamples(changes: ReadonlyArray<ReplaySample>): ReplaySample[] {
  return changes
    .filter((c) => c.delta !== 0)
    .sort(
      (a, b) =>
        Math.abs(b.delta) - Math.abs(a.delta) ||
        (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0),
    )
    .slice(0, sampleSize);
}
