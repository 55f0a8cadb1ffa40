import type { Condition } from './definition';

/** What a branch can look at: engagement already stored for this enrollment's contact. */
export type EngagementFact = {
  type: 'replied' | 'clicked' | 'visited' | 'opened';
  at: Date;
  /** Step whose mail the event belongs to, when known. */
  stepKey?: string | null;
  url?: string | null;
  /** Apple MPP proxy opens, security-scanner clicks: never satisfy a condition. */
  machine: boolean;
};

export type BranchInput = {
  facts: readonly EngagementFact[];
  score: number | null;
  enteredAt: Date;
  now: Date;
};

export type BranchDecision = { taken: boolean; because: string };

const dayMs = 86_400_000;

export function evaluateCondition(condition: Condition, input: BranchInput): BranchDecision {
  if (condition.signal === 'always') return { taken: true, because: 'always' };
  if (condition.signal === 'score_at_least') {
    const needed = condition.value ?? 0;
    const taken = input.score !== null && input.score >= needed;
    return { taken, because: `score ${input.score ?? 'none'} ${taken ? '>=' : '<'} ${needed}` };
  }
  const since = condition.withinDays ? input.now.getTime() - condition.withinDays * dayMs : -Infinity;
  const wanted = condition.signal === 'human_open' ? 'opened' : condition.signal;
  const match = input.facts.find(
    (f) =>
      f.type === wanted &&
      !f.machine &&
      f.at.getTime() >= since &&
      f.at.getTime() <= input.now.getTime() &&
      (condition.stepKey === undefined || f.stepKey === condition.stepKey) &&
      (condition.urlContains === undefined || (f.url ?? '').includes(condition.urlContains)) &&
      (condition.pagePath === undefined || (f.url ?? '').includes(condition.pagePath)),
  );
  return match
    ? { taken: true, because: `${match.type} at ${match.at.toISOString()}` }
    : {
        taken: false,
        because: `no human ${wanted} event${condition.withinDays ? ` in ${condition.withinDays} days` : ''}`,
      };
}
