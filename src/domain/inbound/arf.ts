import { dsnAddress, headerValue, messageIdIn, parseHeaderBlock } from './message-fields';
import type { InboundFlag, InboundMessage } from './types';

export type FeedbackVerdict = {
  kind: 'complaint' | 'unsubscribe' | undefined;
  flags: InboundFlag[];
  evidence: string[];
  recipient?: string;
  originalMessageId?: string;
};

// RFC 5965 section 7.3 registry plus RFC 6650 "not-spam"; opt-out is the recipient asking to leave.
const COMPLAINT_TYPES = new Set(['abuse', 'fraud', 'virus', 'other', 'auth-failure', 'dmarc']);
const UNSUBSCRIBE_TYPES = new Set(['opt-out', 'opt-out-list', 'unsubscribe']);

/**
 * Feedback-loop reports: RFC 5965 ARF (`multipart/report; report-type=feedback-report`) and
 * Microsoft's JMRP, which is not ARF: a `multipart/mixed` from staff@hotmail.com whose attached message
 * carries `X-HmXmrOriginalRecipient` (the same test Sisimai's ARF module uses).
 */
export function detectFeedbackReport(msg: InboundMessage): FeedbackVerdict | undefined {
  const contentType = headerValue(msg, 'content-type') ?? '';
  const isArf = /report-type\s*=\s*"?feedback-report/i.test(contentType) || msg.feedbackReport !== undefined;
  if (isArf) return fromArf(msg);
  if (isJmrp(msg)) {
    const original = parseHeaderBlock(msg.originalHeaders ?? '');
    const recipient = original.get('x-hmxmroriginalrecipient')?.[0];
    const originalMessageId = messageIdIn(msg.originalHeaders ?? '');
    return {
      kind: 'complaint',
      flags: ['jmrp_report'],
      evidence: ['Microsoft JMRP complaint (attached message with X-HmXmrOriginalRecipient)'],
      ...(recipient ? { recipient: recipient.toLowerCase() } : {}),
      ...(originalMessageId ? { originalMessageId } : {}),
    };
  }
  return undefined;
}

function fromArf(msg: InboundMessage): FeedbackVerdict {
  const report = parseHeaderBlock(msg.feedbackReport ?? '');
  const feedbackType = report.get('feedback-type')?.[0]?.toLowerCase().trim();
  const removal = report.get('removal-recipient')?.[0] ?? report.get('original-rcpt-to')?.[0];
  const recipient = removal ? dsnAddress(removal) : undefined;
  const originalMessageId = messageIdIn(msg.originalHeaders ?? '');
  const base = {
    evidence: [`ARF report feedback-type=${feedbackType ?? 'missing'}`],
    ...(recipient ? { recipient } : {}),
    ...(originalMessageId ? { originalMessageId } : {}),
  };
  if (feedbackType && UNSUBSCRIBE_TYPES.has(feedbackType)) {
    return { kind: 'unsubscribe', flags: ['arf_report'], ...base };
  }
  if (feedbackType === 'not-spam') return { kind: undefined, flags: ['arf_report', 'arf_not_spam'], ...base };
  // An unknown or missing type still came through a complaint channel: RFC 5965 says treat it as "other".
  if (!feedbackType || !COMPLAINT_TYPES.has(feedbackType))
    base.evidence.push('unregistered type read as other');
  return { kind: 'complaint', flags: ['arf_report'], ...base };
}

function isJmrp(msg: InboundMessage): boolean {
  if (!msg.attachmentTypes.includes('message/rfc822')) return false;
  const original = parseHeaderBlock(msg.originalHeaders ?? '');
  if (original.has('x-hmxmroriginalrecipient')) return true;
  return /^complaint about message from /i.test(msg.subject) && msg.from.endsWith('@hotmail.com');
}
