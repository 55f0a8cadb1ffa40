const msPerDay = 86_400_000;

/** Fractional days from `at` to `now`; negative when `at` is in the future. */
export function ageInDays(at: Date, now: Date): number {
  return (now.getTime() - at.getTime()) / msPerDay;
}

/**
 * `0.5^(ageDays / halfLifeDays)`: the share of an event's points left after `ageDays`.
 * No half-life (0 or null) means no decay; a future age never grows points above full value.
 */
export function halfLifeFactor(ageDays: number, halfLifeDays: number | null): number {
  if (halfLifeDays === null || halfLifeDays <= 0 || ageDays <= 0) return 1;
  return 0.5 ** (ageDays / halfLifeDays);
}
