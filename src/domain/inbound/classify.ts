import { detectFeedbackReport } from './arf';
import { AUTO_REPLY_THRESHOLD, autoReplySignals } from './auto-reply';
import { REPLY_PREFIX } from './auto-reply-cues';
import { classifyBounce } from './bounce';
import { bounceIdentity } from './bounce-bodies';
import { normaliseMessageId } from './message-fields';
import { extractReplyText } from './reply-text';
import { extractReturnDate } from './return-date';
import { classifySesNotification } from './ses';
import type { Classification, InboundFlag, InboundMessage } from './types';
import {
  findUnsubscribeMention,
  findUnsubscribeRequest,
  isBareStop,
  mentionsUnsubscribe,
  UNSUBSCRIBE_SUBJECT,
} from './unsubscribe';

/**
 * Classifies an inbound message, in the order real mail requires (DESIGN.md section 6):
 * feedback reports (ARF, JMRP, SES) -> unsubscribe request in the new text -> delivery reports
 * (DSN, then non-standard bounces) -> automatic replies -> a person's reply.
 * Bounces go before auto-reply headers because Postfix, Exim and Exchange mark bounces
 * `Auto-Submitted: auto-replied`. `now` anchors out-of-office return dates without a year.
 */
export function classifyInbound(msg: InboundMessage, now: Date): Classification {
  const parent = msg.inReplyTo ?? msg.references.at(-1);
  const repliedTo = parent ? normaliseMessageId(parent) : undefined;

  const ses = classifySesNotification(msg);
  if (ses) return ses;
  const feedback = detectFeedbackReport(msg);
  if (feedback) {
    const { kind, recipient, originalMessageId, evidence, flags } = feedback;
    return {
      // "not-spam" feedback is a machine report too, but asks nothing of us.
      kind: kind ?? 'auto_reply',
      confidence: kind ? 'high' : 'low',
      evidence,
      flags,
      ...(recipient ? { bouncedRecipient: recipient } : {}),
      ...(originalMessageId ? { originalMessageId } : {}),
    };
  }

  const newText = extractReplyText(msg.text);
  const auto = autoReplySignals(msg, newText);
  const replyContext = repliedTo ? { originalMessageId: repliedTo } : {};
  // A bounce quotes our whole message, footer included: its text is never the recipient's request.
  if ((bounceIdentity(msg)?.strong ?? 0) === 0) {
    const request = unsubscribeRequest(msg.subject, newText);
    if (request) {
      return {
        kind: 'unsubscribe',
        // A person asking in an automatic message is odd; keep it (compliance first) but say so.
        confidence: auto.decisive ? 'low' : 'high',
        evidence: [request, ...(auto.decisive ? auto.evidence : [])],
        flags: auto.decisive ? ['possible_auto_reply'] : [],
        ...replyContext,
      };
    }
  }

  const bounce = classifyBounce(msg);
  if (bounce) return bounce;

  const ignoredFooter: InboundFlag[] = mentionsUnsubscribe(msg.text) ? ['quoted_unsubscribe_ignored'] : [];
  if (auto.score >= AUTO_REPLY_THRESHOLD) {
    // The body first: an auto-reply subject usually repeats ours, which may hold dates of its own.
    const returnDate = extractReturnDate(newText, now) ?? extractReturnDate(msg.subject, now);
    return {
      kind: 'auto_reply',
      confidence: auto.decisive || auto.score > AUTO_REPLY_THRESHOLD ? 'high' : 'low',
      evidence: [...auto.evidence, ...(returnDate ? [`return date ${returnDate}`] : [])],
      flags: ignoredFooter,
      ...(returnDate ? { returnDate } : {}),
      ...replyContext,
    };
  }
  const weak = auto.score > 0;
  return {
    kind: 'human_reply',
    confidence: weak ? 'low' : 'high',
    evidence: weak ? auto.evidence : ['no report, bounce or automatic-reply signal'],
    flags: [
      ...(weak ? (['possible_auto_reply'] as const) : []),
      ...ignoredFooter,
      ...(findUnsubscribeMention(newText) ? (['unsubscribe_mention'] as const) : []),
    ],
    ...replyContext,
  };
}

function unsubscribeRequest(subject: string, newText: string): string | undefined {
  if (!REPLY_PREFIX.test(subject)) {
    // The subject words of every language, from cues/unsubscribe/.
    const fromSubject = UNSUBSCRIBE_SUBJECT.exec(subject.normalize('NFKC'))?.[0];
    if (fromSubject) return `subject asks "${fromSubject.trim()}"`;
  }
  if (isBareStop(newText)) return `reply is only "${newText.trim()}"`;
  const match = findUnsubscribeRequest(newText);
  return match ? `new text (${match.lang}) asks "${match.phrase}"` : undefined;
}
