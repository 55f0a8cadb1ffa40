// Our share of an org's daily API allocation. Salesforce counts every REST call of every app and
// user against one 24 h allocation; an integration that spends it stops the customer's own work.

export type BudgetState = {
  /** The org's count and allocation, from the last Sforce-Limit-Info we saw. */
  used: number;
  max: number;
  /** Calls we made in the last 24 h. */
  ours24h: number;
  /** The share of the allocation we may take (0..1]. */
  share: number;
};

/**
 * How many calls we may make now: in any 24 h, never more than `share` of the allocation, and never
 * more than `share` of the room everyone else leaves (the org's count minus ours). An org at 95%
 * by its own users leaves 5%: we take at most a quarter of that, and less as they use more, so the
 * org never reaches 100% because of us and keeps most of what is left for its own work.
 */
export function allowance(s: BudgetState): number {
  const others = Math.max(0, s.used - s.ours24h);
  const room = Math.max(0, s.max - others);
  return Math.max(0, Math.min(Math.floor(s.share * s.max), Math.floor(s.share * room)) - s.ours24h);
}
