import { err, ok, type Result } from '../../lib/result';

/** Deeper than any body the API defines; bounds the recursion of validators and serialisers. */
export const MAX_JSON_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A high surrogate without its low half, or a low one alone: not text, and JSONB refuses it. */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** Why a string cannot be stored (Postgres text refuses NUL; JSONB refuses lone surrogates). */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character';
  if (hasLoneSurrogate(s)) return 'contains a lone UTF-16 surrogate';
  return null;
}

function tooDeep(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character.
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > max) return true;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return false;
}

/**
 * JSON.parse that refuses what validation would let through and the database or a recursive
 * validator would then fail on: nesting past `maxDepth`, NUL and lone surrogates in any string or key.
 */
export function parseStrictJson(text: string, maxDepth = MAX_JSON_DEPTH): Result<unknown, string> {
  if (tooDeep(text, maxDepth)) return err(`JSON body is nested deeper than ${maxDepth} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err('Malformed JSON body');
  }
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string];
    if (typeof node === 'string') {
      const problem = unstorableText(node);
      if (problem) return err(`${path || 'body'}: ${problem}`);
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => {
        stack.push([item, path ? `${path}.${i}` : String(i)]);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        const problem = unstorableText(key);
        if (problem) return err(`${path || 'body'}: a key ${problem}`);
        stack.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
  return ok(value);
}
