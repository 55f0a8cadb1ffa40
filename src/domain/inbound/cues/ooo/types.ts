/**
 * The out-of-office cues of one language, as plain data. Every phrase is a regular-expression source
 * matched case-insensitively after NFKC; the loader adds word boundaries unless the script writes words
 * without spaces. Subject cues count only at the start of the subject.
 */
export type OooCues = {
  lang: string;
  /** CJK and Thai: no spaces between words, so no word boundaries around cues. */
  noWordBoundaries?: boolean;
  /** Reply and forward prefixes, without the colon ("re", "aw", "odp"). */
  replyPrefixes: readonly string[];
  /** Subject a machine wrote: Outlook's "Automatic reply:" in this language (decisive alone). */
  subjectAutomated: readonly string[];
  /** Subject announcing an absence (a person could title a mail so). */
  subjectAbsence: readonly string[];
  /** Body says, in so many words, that it was sent automatically. */
  bodyAutomated: readonly string[];
  /** Body announces an absence (weak alone: a person may say they were away). */
  bodyAbsence: readonly string[];
  /** Words before a date naming the day the sender is back ("back on", "zurück am"). */
  returnBefore?: readonly string[];
  /** Words before a date naming the last day away ("until", "bis"). */
  untilBefore?: readonly string[];
  /** Like untilBefore, but only directly before the date (short words such as "do", "до"). */
  untilBeforeDirect?: readonly string[];
  /** Words after a date naming the day back ("3月14日に戻ります", "14 Mart'ta döneceğim"). */
  returnAfter?: readonly string[];
  /** Words after a date naming the last day away ("まで", "까지", "-ig"). */
  untilAfter?: readonly string[];
  /** Small words allowed between a cue and the date ("on the", "am", "le"). */
  fillers?: readonly string[];
  /** Twelve entries, January first: the names, space-separated (no regex); "_" joins a name of two words. */
  months?: readonly string[];
  /** Seven entries, Monday first: full weekday names, written like months. */
  weekdays?: readonly string[];
  /** How numeric dates are written; slash dates are read as the nearer reading either way. */
  dateOrder: 'DMY' | 'MDY' | 'YMD';
};
