import { assertNever } from '../result';
import type { EventMatch, PropertyRule } from './model';

export type ScoreEventData = {
  url?: string;
  pagePath?: string;
  formId?: string;
  [key: string]: unknown;
};

/**
 * Glob from model data: `*` is the only wildcard, case-insensitive, whole-string. Matched without
 * RegExp so an authored pattern cannot backtrack catastrophically: O(pattern x text) at worst.
 */
export function compileGlob(glob: string): (text: string) => boolean {
  const pattern = glob.toLowerCase();
  return (input) => {
    const text = input.toLowerCase();
    let p = 0;
    let t = 0;
    let star = -1;
    let resume = 0;
    while (t < text.length) {
      if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
        p += 1;
        t += 1;
      } else if (p < pattern.length && pattern[p] === '*') {
        star = p;
        resume = t;
        p += 1;
      } else if (star !== -1) {
        // Let the last star swallow one more character and retry from there.
        p = star + 1;
        resume += 1;
        t = resume;
      } else {
        return false;
      }
    }
    while (pattern[p] === '*') p += 1;
    return p === pattern.length;
  };
}

/** Compiles a rule's `match` once per scoring run; the predicate is then applied to every event. */
export function compileEventMatch(
  match: EventMatch | undefined,
): (data: ScoreEventData | undefined) => boolean {
  if (!match) return () => true;
  const url = match.urlPattern === undefined ? undefined : compileGlob(match.urlPattern);
  const path = match.pagePath === undefined ? undefined : compileGlob(match.pagePath);
  return (data) => {
    if (url) {
      if (typeof data?.url !== 'string' || !url(data.url)) return false;
    }
    if (path) {
      const pagePath = pagePathOf(data);
      if (pagePath === undefined || !path(pagePath)) return false;
    }
    return match.formId === undefined || data?.formId === match.formId;
  };
}

function pagePathOf(data: ScoreEventData | undefined): string | undefined {
  if (typeof data?.pagePath === 'string') return data.pagePath;
  if (typeof data?.url !== 'string') return undefined;
  try {
    return new URL(data.url).pathname;
  } catch {
    return undefined;
  }
}

/**
 * CRM properties arrive as strings more often than not (HubSpot sends numbers as text), so numeric
 * ops accept numeric strings and text comparisons ignore case and surrounding spaces.
 * A missing or empty property never matches.
 */
export function matchesProperty(rule: PropertyRule, actual: unknown): boolean {
  if (actual === undefined || actual === null || actual === '') return false;
  switch (rule.op) {
    case 'equals':
      return sameValue(actual, rule.value);
    case 'contains':
      if (Array.isArray(actual)) return actual.some((item) => sameValue(item, rule.value));
      return typeof actual === 'string' && normalise(actual).includes(normalise(rule.value));
    case 'in':
      return rule.value.some((candidate) =>
        Array.isArray(actual)
          ? actual.some((item) => sameValue(item, candidate))
          : sameValue(actual, candidate),
      );
    case 'gte': {
      const n = toNumber(actual);
      return n !== undefined && n >= rule.value;
    }
    case 'lte': {
      const n = toNumber(actual);
      return n !== undefined && n <= rule.value;
    }
    case 'matches':
      return typeof actual === 'string' && compileGlob(rule.value)(actual.trim());
    default:
      return assertNever(rule);
  }
}

function sameValue(actual: unknown, expected: string | number | boolean): boolean {
  if (typeof expected === 'number') return toNumber(actual) === expected;
  if (typeof expected === 'boolean') {
    if (typeof actual === 'boolean') return actual === expected;
    return typeof actual === 'string' && normalise(actual) === String(expected);
  }
  if (typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean') {
    return normalise(String(actual)) === normalise(expected);
  }
  return false;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

function normalise(text: string): string {
  return text.trim().toLowerCase();
}
