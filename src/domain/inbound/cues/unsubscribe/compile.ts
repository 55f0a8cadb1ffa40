import type { UnsubscribeCues } from './types';

/**
 * Compiles the per-language unsubscribe data into the regexes unsubscribe.ts and classify.ts use.
 * Match them against NFKC-normalised text (the data is normalised here too).
 */

// \b only knows ASCII letters: these boundaries work for Cyrillic, Greek, Arabic, Hebrew, Devanagari.
const L = '(?<![\\p{L}\\p{M}\\p{N}])';
const R = '(?![\\p{L}\\p{M}\\p{N}])';

const alternation = (list: readonly string[]) => list.map((s) => s.normalize('NFKC')).join('|');

function source(
  lang: UnsubscribeCues,
  list: readonly string[] | undefined,
  bounded = true,
): string | undefined {
  if (!list || list.length === 0) return undefined;
  const words = `(?:${alternation(list)})`;
  return lang.noWordBoundaries || !bounded ? words : `${L}${words}${R}`;
}

const union = (sources: Array<string | undefined>) =>
  sources.filter((s): s is string => s !== undefined).join('|') || '(?!)';

const each = (
  langs: readonly UnsubscribeCues[],
  pick: (l: UnsubscribeCues) => readonly string[] | undefined,
  bounded = true,
) => new RegExp(union(langs.map((l) => source(l, pick(l), bounded))), 'iu');

export type CompiledUnsubscribeCues = {
  requests: ReadonlyArray<{ lang: string; pattern: RegExp }>;
  subject: RegExp;
  bare: RegExp;
  mentions: RegExp;
  questions: RegExp;
  scoped: RegExp;
  footer: RegExp;
};

export function compileUnsubscribeCues(langs: readonly UnsubscribeCues[]): CompiledUnsubscribeCues {
  return {
    requests: langs.map((l) => ({
      lang: l.lang,
      pattern: new RegExp(source(l, l.requests) ?? '(?!)', 'iu'),
    })),
    // Only at the start of the subject: "Re: unsubscribe link broken" is a person's reply.
    subject: new RegExp(`^\\s*(?:${union(langs.map((l) => source(l, l.subject)))})`, 'iu'),
    bare: new RegExp(`^\\s*(?:${alternation(langs.flatMap((l) => l.bare ?? []))})\\s*[.!。！]*\\s*$`, 'iu'),
    mentions: each(langs, (l) => l.mentions, false),
    questions: each(langs, (l) => l.questions),
    scoped: each(langs, (l) => l.scoped),
    // Links, addresses and bracketed targets are footer marks in every language.
    footer: new RegExp(
      `https?:\\/\\/|mailto:|www\\.|<[^>]*>|\\[[^\\]]*\\]|${union(langs.map((l) => source(l, l.footer)))}`,
      'iu',
    ),
  };
}
