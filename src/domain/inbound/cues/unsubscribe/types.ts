/**
 * The unsubscribe cues of one language, as plain data. Every phrase is a regular-expression source
 * matched case-insensitively after NFKC, one sentence at a time; the loader adds word boundaries
 * (except around mentions, which are stems) unless the script writes words without spaces.
 */
export type UnsubscribeCues = {
  lang: string;
  /** CJK and Thai: no spaces between words, so no word boundaries around cues. */
  noWordBoundaries?: boolean;
  /** The writer asks, explicitly, to be unsubscribed ("remove me from your list"). */
  requests: readonly string[];
  /** A subject that starts with one of these asks to unsubscribe ("Unsubscribe", "Abmelden"). */
  subject: readonly string[];
  /** A whole reply of only this word asks to unsubscribe ("STOP", "הסר"). */
  bare?: readonly string[];
  /** Stems that speak of unsubscribing without asking: a flag for the owner, never a suppression. */
  mentions: readonly string[];
  /** Asking how or where ("how do I", "wie kann ich"): such a question is never a request. */
  questions?: readonly string[];
  /** A partial or redirected wish ("instead", "except"): the owner decides, so only a mention. */
  scoped?: readonly string[];
  /** Words of a mailing footer ("click", "klicken Sie"): the line is ours, not the writer's. */
  footer?: readonly string[];
};
