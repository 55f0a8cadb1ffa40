import { OOO_LANGUAGES, type OooCues } from './cues/ooo';

/**
 * Subject and body cues of out-of-office and other automatic replies, compiled at import from the
 * per-language data in cues/ooo/. Subject cues only count at the start of the subject: after "Re:"
 * the words are our own subject. Match these against NFKC-normalised text (the data is NFKC too).
 */

// \b only knows ASCII letters: these boundaries work for Cyrillic, Greek, Arabic, Devanagari (marks).
const L = '(?<![\\p{L}\\p{M}\\p{N}])';
const R = '(?![\\p{L}\\p{M}\\p{N}])';
const START = '^[\\s[【(]*';

const alternation = (list: readonly string[]) => list.map((s) => s.normalize('NFKC')).join('|');

/** One language's phrases as a regex source, with word boundaries where the script has them. */
export function cueSource(lang: OooCues, list: readonly string[], left = true): string | undefined {
  if (list.length === 0) return undefined;
  const words = `(?:${alternation(list)})`;
  return lang.noWordBoundaries ? words : `${left ? L : ''}${words}${R}`;
}

const union = (sources: Array<string | undefined>) => sources.filter((s) => s !== undefined).join('|');

// Replies and forwards in every language: a subject starting with these is a person's reply.
export const REPLY_PREFIX = new RegExp(
  `^\\s*(?:${alternation(OOO_LANGUAGES.flatMap((l) => l.replyPrefixes))})\\s*[:：]`,
  'iu',
);

/** Subject says a machine answered (Outlook's "Automatic reply:" and its translations). */
export const SUBJECT_AUTOMATED = new RegExp(
  `${START}(?:${alternation(OOO_LANGUAGES.flatMap((l) => l.subjectAutomated))})`,
  'iu',
);

/** Subject announces an absence (weaker: a person could title a mail so). */
export const SUBJECT_ABSENCE = new RegExp(
  `${START}(?:${union(OOO_LANGUAGES.map((l) => cueSource(l, l.subjectAbsence, false)))})`,
  'iu',
);

/** Body says, in so many words, that it was sent automatically. */
export const BODY_AUTOMATED = new RegExp(
  union(OOO_LANGUAGES.map((l) => cueSource(l, l.bodyAutomated))),
  'iu',
);

/** Body announces an absence. */
export const BODY_ABSENCE: ReadonlyArray<{ lang: string; pattern: RegExp }> = OOO_LANGUAGES.flatMap((l) => {
  const source = cueSource(l, l.bodyAbsence);
  return source ? [{ lang: l.lang, pattern: new RegExp(source, 'iu') }] : [];
});
