/** Rounds half away from zero to 2 decimals; never returns -0 (it would print as "-0"). */
export function round2(value: number): number {
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * 100 + 1e-9)) / 100;
  return rounded === 0 ? 0 : rounded;
}

/** `15`, `12.5`, `0.33`: plain digits, no locale, so documents are byte-stable across machines. */
export function formatPoints(value: number): string {
  return String(round2(Math.abs(value)));
}

/** `+15` or `−20` (U+2212 minus, as in the product copy). */
export function formatSignedPoints(value: number): string {
  const rounded = round2(value);
  return `${rounded < 0 ? '\u2212' : '+'}${formatPoints(rounded)}`;
}
