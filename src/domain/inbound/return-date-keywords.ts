import { cueSource } from './auto-reply-cues';
import { OOO_LANGUAGES, type OooCues } from './cues/ooo';

/**
 * Words that tie a date to the end of an absence, compiled from cues/ooo/. "return" cues name the day
 * the person is back; "until" cues name the last day away (we report that day as stated, it is what
 * the sender wrote).
 */
export type KeywordKind = 'return' | 'until';
export type DateKeyword = { lang: string; kind: KeywordKind; pattern: RegExp };

const fillers = [...new Set(OOO_LANGUAGES.flatMap((l) => l.fillers ?? []))].map((f) => f.normalize('NFKC'));
// Small words allowed between the cue and the date ("back in the office ON", "hasta EL", "ב-").
const FILLER = `(?:\\s+(?:${fillers.join('|')}))*[\\s,:\\-]*$`;
const B = '(?<![\\p{L}\\p{M}])';

function before(lang: OooCues, kind: KeywordKind, words: readonly string[] | undefined, filler = FILLER) {
  if (!words?.length) return [];
  const source = words.map((w) => w.normalize('NFKC')).join('|');
  const left = lang.noWordBoundaries ? '' : B;
  return [{ lang: lang.lang, kind, pattern: new RegExp(`${left}(?:${source})${filler}`, 'iu') }];
}

function after(lang: OooCues, kind: KeywordKind, words: readonly string[] | undefined) {
  const source = words?.length ? cueSource({ ...lang, noWordBoundaries: true }, words) : undefined;
  return source ? [{ lang: lang.lang, kind, pattern: new RegExp(`^[\\s,.]*${source}`, 'iu') }] : [];
}

// Return cues first: a text before a date that holds both kinds counts as a return.
export const DATE_KEYWORDS_BEFORE: readonly DateKeyword[] = [
  ...OOO_LANGUAGES.flatMap((l) => before(l, 'return', l.returnBefore)),
  ...OOO_LANGUAGES.flatMap((l) => before(l, 'until', l.untilBefore)),
  ...OOO_LANGUAGES.flatMap((l) => before(l, 'until', l.untilBeforeDirect, '\\s+$')),
];

export const DATE_KEYWORDS_AFTER: readonly DateKeyword[] = [
  ...OOO_LANGUAGES.flatMap((l) => after(l, 'return', l.returnAfter)),
  ...OOO_LANGUAGES.flatMap((l) => after(l, 'until', l.untilAfter)),
];
