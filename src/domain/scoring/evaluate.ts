import { assertNever } from '../result';
import { ageInDays, halfLifeFactor } from './decay-factor';
import { compileEventMatch, matchesProperty, type ScoreEventData } from './match';

export type { ScoreEventData } from './match';

import type { EventRule, ScoreEventType, ScoreRule, ScoringModel } from './model';
import { round2 } from './points';

export type ScoreEvent = {
  id: string;
  type: ScoreEventType;
  at: Date;
  /** Flagged machine traffic (privacy-proxy opens, scanner clicks): never scores. */
  machine?: boolean;
  data?: ScoreEventData;
};

export type ScoreInput = {
  events: ReadonlyArray<ScoreEvent>;
  properties: Readonly<Record<string, unknown>>;
  model: ScoringModel;
  now: Date;
};

export type Contribution = {
  ruleId: string;
  label: string;
  kind: ScoreRule['kind'];
  /** After decay, window and cap; rounded to 2 decimals. The score is the sum of these. */
  points: number;
  /** Matching events (1 for a property rule). */
  count: number;
  /** The same events at full value, before decay and cap. */
  undecayedPoints: number;
  /** True when `maxPoints` cut the total. */
  capped: boolean;
};

export type ScoreResult = {
  score: number;
  /** Sorted by |points| desc, then rule id. */
  contributions: Contribution[];
  asOf: Date;
  /** Machine events left out; surfaced so an explanation can say why an open did not count. */
  ignoredMachineEvents: number;
};

/**
 * The score is a pure function of stored events, properties, the model and `now`, so it can be
 * recomputed, explained and replayed. Events are deduplicated by id and summed in a canonical order:
 * the same set of events gives the same score whatever order it arrives in.
 */
export function scoreContact(input: ScoreInput): ScoreResult {
  const nowMs = input.now.getTime();
  const events = canonicalEvents(input.events).filter((e) => e.at.getTime() <= nowMs);
  const human = events.filter((e) => e.machine !== true);
  const contributions: Contribution[] = [];
  for (const rule of input.model.rules) {
    const contribution = scoreRule(rule, human, input);
    if (contribution) contributions.push(contribution);
  }
  contributions.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || compare(a.ruleId, b.ruleId));
  // Summing the rounded parts keeps the explanation adding up to the score shown.
  const score = round2(contributions.reduce((sum, c) => sum + c.points, 0));
  return {
    score,
    contributions,
    asOf: new Date(nowMs),
    ignoredMachineEvents: events.length - human.length,
  };
}

function scoreRule(
  rule: ScoreRule,
  human: ReadonlyArray<ScoreEvent>,
  input: ScoreInput,
): Contribution | undefined {
  switch (rule.kind) {
    case 'event':
      return scoreEventRule(rule, human, input.model.halfLifeDays, input.now);
    case 'property':
      return scorePropertyRule(rule, input.properties);
    default:
      return assertNever(rule);
  }
}

function scoreEventRule(
  rule: EventRule,
  events: ReadonlyArray<ScoreEvent>,
  halfLifeDays: number | null,
  now: Date,
): Contribution | undefined {
  const matches = compileEventMatch(rule.match);
  let count = 0;
  let total = 0;
  for (const event of events) {
    if (event.type !== rule.event || !matches(event.data)) continue;
    const age = ageInDays(event.at, now);
    if (rule.withinDays !== undefined && age > rule.withinDays) continue;
    count += 1;
    total += rule.points * (rule.decay === false ? 1 : halfLifeFactor(age, halfLifeDays));
  }
  if (count === 0) return undefined;
  const cap = rule.maxPoints;
  const capped = cap !== undefined && Math.abs(total) > cap;
  const points = capped ? Math.sign(total) * cap : total;
  return {
    ruleId: rule.id,
    label: rule.label,
    kind: 'event',
    points: round2(points),
    count,
    undecayedPoints: round2(rule.points * count),
    capped,
  };
}

function scorePropertyRule(
  rule: Extract<ScoreRule, { kind: 'property' }>,
  properties: Readonly<Record<string, unknown>>,
): Contribution | undefined {
  if (!Object.hasOwn(properties, rule.property)) return undefined;
  if (!matchesProperty(rule, properties[rule.property])) return undefined;
  return {
    ruleId: rule.id,
    label: rule.label,
    kind: 'property',
    points: round2(rule.points),
    count: 1,
    undecayedPoints: round2(rule.points),
    capped: false,
  };
}

/** Drops repeated deliveries of one event (same id) and fixes a total order, so input order is irrelevant. */
function canonicalEvents(events: ReadonlyArray<ScoreEvent>): ScoreEvent[] {
  const valid = events.filter((e) => Number.isFinite(e.at.getTime()));
  const sorted = [...valid].sort(
    (a, b) =>
      compare(a.id, b.id) ||
      a.at.getTime() - b.at.getTime() ||
      compare(a.type, b.type) ||
      Number(a.machine === true) - Number(b.machine === true) ||
      compare(JSON.stringify(a.data ?? null), JSON.stringify(b.data ?? null)),
  );
  const unique = sorted.filter((e, i) => i === 0 || sorted[i - 1]?.id !== e.id);
  return unique.sort((a, b) => a.at.getTime() - b.at.getTime() || compare(a.id, b.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
