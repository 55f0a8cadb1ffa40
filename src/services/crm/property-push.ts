/** The band is the label of the highest threshold the contact is above (null below every one). */
export function bandOf(
  thresholds: ReadonlyArray<{ id: string; label: string; score: number }>,
  states: Readonly<Record<string, { state: string }>>,
): string | null {
  const above = thresholds.filter((t) => states[t.id]?.state === 'above').sort((a, b) => a.score - b.score);
  return above.at(-1)?.label ?? null;
}
