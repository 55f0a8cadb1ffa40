/** What an erased value becomes: fixed text, no hash (a hash of an address is still the address). */
export const ERASED = '[erased]';

/** The address an erased contact keeps: unique per contact (the column is unique), never deliverable. */
export function erasedAddress(contactId: string): string {
  return `erased-${contactId}@erased.invalid`;
}

export type Pii = { emails: string[]; names: string[] };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One pattern for a person's addresses (anywhere, any case) and names (as whole words, any case:
 * "Ann" is erased from "Hello Ann," but not from "annual"). Names shorter than two letters are left
 * out: they would erase every "a" in the text. Null when there is nothing to look for.
 */
export function piiPattern(pii: Pii): RegExp | null {
  const emails = pii.emails.filter((e) => e.length > 0).map(escapeRegExp);
  const names = pii.names
    .map((n) => n.trim())
    .filter((n) => n.length >= 2)
    .map((n) => `(?<![\\p{L}\\p{N}])${escapeRegExp(n)}(?![\\p{L}\\p{N}])`);
  const parts = [...emails, ...names];
  return parts.length === 0 ? null : new RegExp(parts.join('|'), 'giu');
}

/**
 * The value with every match of the pattern replaced, in strings at any depth of a JSON value (keys
 * too). Done on the parsed value, not the JSON text, so a name like "True" cannot turn a literal into
 * invalid JSON.
 */
export function scrub<T>(value: T, pattern: RegExp | null): T {
  if (!pattern) return value;
  return walk(value, pattern) as T;
}

function walk(value: unknown, pattern: RegExp): unknown {
  if (typeof value === 'string') return value.replace(pattern, ERASED);
  if (Array.isArray(value)) return value.map((v) => walk(v, pattern));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [walk(k, pattern) as string, walk(v, pattern)]),
    );
  }
  return value;
}

/** Whether the value holds any match (so unchanged rows are not rewritten). */
export function mentions(value: unknown, pattern: RegExp | null): boolean {
  if (!pattern) return false;
  return JSON.stringify(scrub(value, pattern)) !== JSON.stringify(value);
}
