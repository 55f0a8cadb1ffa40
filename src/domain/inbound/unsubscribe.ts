import { UNSUBSCRIBE_CUES } from './cues/unsubscribe';

/**
 * An unsubscribe request written by the recipient: an explicit, imperative or first-person request
 * ("unsubscribe me", "please remove me from your list", "stop emailing me"), in 29 languages (data in
 * cues/unsubscribe/). A sentence that only mentions unsubscribing (a question, a request about a
 * format or channel, a partial opt-out) is not one; `findUnsubscribeMention` reports it instead.
 * Only the new text of the reply counts (quoted history is stripped before), and lines that read
 * like a mailing footer ("To unsubscribe, click here", a link) are ignored: people often reply
 * above, or paste, our own footer.
 */

const { requests, subject, bare, mentions, questions, scoped, footer } = UNSUBSCRIBE_CUES;

/** A new subject (not a reply's) that asks to unsubscribe: "Unsubscribe", "Abmelden", "退订". */
export const UNSUBSCRIBE_SUBJECT = subject;

export type UnsubscribeMatch = { phrase: string; lang: string };

// "Please don't unsubscribe me", "no need to remove me": a negation right before the phrase.
const NEGATED =
  /\b(?:don['’]t|do not|does not|doesn['’]t|no need to|never|not)\s+(?:(?:want|need|have)\s+to\s+)?$/i;

// Sentences end at these marks (Greek asks with ";"); a question is never a request.
const SENTENCE_END = /(?<=[.!?;。！？؟])\s*/u;
const QUESTION_MARK = /[?？؟;]\s*$/u;
// Scripts without spaces often ask without a question mark ("配信停止の方法を教えて").
const UNMARKED_QUESTION =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

function isQuestion(sentence: string): boolean {
  if (!questions.test(sentence)) return false;
  return QUESTION_MARK.test(sentence) || UNMARKED_QUESTION.test(sentence);
}

const sentencesOf = (line: string) => line.split(SENTENCE_END).filter((s) => s.trim() !== '');

export function findUnsubscribeRequest(newText: string): UnsubscribeMatch | undefined {
  for (const line of newText.normalize('NFKC').split('\n')) {
    if (footer.test(line) || scoped.test(line)) continue;
    for (const sentence of sentencesOf(line)) {
      if (isQuestion(sentence)) continue;
      for (const { lang, pattern } of requests) {
        const match = pattern.exec(sentence);
        if (match && !NEGATED.test(sentence.slice(0, match.index))) return { phrase: match[0], lang };
      }
    }
  }
  return undefined;
}

/** Whether any text (quoted history included) mentions unsubscribing: explains an ignored footer. */
export function mentionsUnsubscribe(text: string): boolean {
  const normalised = text.normalize('NFKC');
  return mentions.test(normalised) || requests.some(({ pattern }) => pattern.test(normalised));
}

/** The new text speaks of unsubscribing (not a footer line) without an explicit request. */
export function findUnsubscribeMention(newText: string): string | undefined {
  for (const line of newText.normalize('NFKC').split('\n')) {
    if (footer.test(line)) continue;
    const match = mentions.exec(line);
    if (match) return match[0];
  }
  return undefined;
}

/** A bare one-word reply such as "STOP", "Unsubscribe" or "הסר" (common from phones). */
export function isBareStop(newText: string): boolean {
  return bare.test(newText.normalize('NFKC'));
}
