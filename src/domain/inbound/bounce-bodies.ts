import { EXPLANATION_STARTS, squeeze } from './bounce-cues';
import { bounceCues, isAddressCue } from './bounce-status';
import reports from './cues/bounce/reports.json' with { type: 'json' };
import { emailsIn, hasHeader, headerValue, smtpReplyCodesIn, statusCodesIn } from './message-fields';
import type { InboundMessage } from './types';

/**
 * Bounces that are not (or not only) RFC 3464: qmail, Exim, Postfix without MIME, Sendmail v5,
 * Gmail, Office 365, mail.ru, DragonFly... Their formats are catalogued by Sisimai (BSD-2-Clause);
 * we keep the shared ideas: who sent it, where the explanation ends and the returned copy starts,
 * and which codes and phrases the explanation holds.
 */

const DAEMON_SENDER = new RegExp(reports.senders, 'i');
const BOUNCE_SUBJECT = new RegExp(reports.subjectPattern, 'i');
const SUBJECT_STARTS = reports.subjectStarts;
const BOUNCE_PHRASE = new RegExp(reports.phrasePattern, 'i');
// Where the MTA's explanation ends and the returned original (or its headers) begins.
const ORIGINAL_MARKER = new RegExp(reports.originalMarker, 'im');
// The opening lines of each mail system's explanation; short ones ("The ") say nothing.
const OPENINGS = EXPLANATION_STARTS.filter((line) => line.length >= 16);

function isBounceSubject(subject: string): boolean {
  const lower = subject.trim().toLowerCase();
  return BOUNCE_SUBJECT.test(subject) || SUBJECT_STARTS.some((start) => lower.startsWith(start));
}

/**
 * Who reports on a delivery: report type, NDR headers, daemon sender, bounce subject. An attached
 * original alone is a weak hint (people forward mail as attachments too).
 */
export type BounceIdentity = { evidence: string[]; strong: number };

export function bounceIdentity(msg: InboundMessage): BounceIdentity | undefined {
  const strong: string[] = [];
  if (/report-type\s*=\s*"?delivery-status/i.test(headerValue(msg, 'content-type') ?? '')) {
    strong.push('content-type multipart/report; report-type=delivery-status');
  }
  if (msg.deliveryStatus !== undefined) strong.push('message/delivery-status part');
  for (const header of reports.reportHeaders) if (hasHeader(msg, header)) strong.push(`header ${header}`);
  const fromHeader = headerValue(msg, 'from') ?? `${msg.fromName} <${msg.from}>`;
  if (DAEMON_SENDER.test(fromHeader)) strong.push(`sender ${fromHeader}`);
  if (isBounceSubject(msg.subject)) strong.push(`subject "${msg.subject}"`);
  const weak = msg.originalHeaders !== undefined ? ['attached original message'] : [];
  const evidence = [...strong, ...weak];
  return evidence.length > 0 ? { evidence, strong: strong.length } : undefined;
}

/** The MTA's own explanation: the body up to the returned copy of the original message. */
export function bounceExplanation(text: string): string {
  const marker = ORIGINAL_MARKER.exec(text);
  return marker ? text.slice(0, marker.index) : text;
}

export type BodyBounceFacts = {
  status?: string;
  replyCode?: string;
  recipient?: string;
  evidence: string[];
};

/**
 * Codes and recipient read from a bounce body. Undefined when the body says nothing about a failed
 * delivery, so a daemon-sent notice that is not a bounce falls through to the next rules.
 */
export function readBounceBody(msg: InboundMessage, explanation: string): BodyBounceFacts | undefined {
  const squeezed = squeeze(explanation);
  const phrase = BOUNCE_PHRASE.exec(explanation)?.[0] ?? OPENINGS.find((line) => squeezed.includes(line));
  // qmail writes "(#5.1.1)"; everyone else "550 5.1.1" or "Status: 5.1.1".
  const status = statusCodesIn(explanation)[0];
  const replyCode = smtpReplyCodesIn(explanation)[0];
  const cues = bounceCues(explanation);
  if (!phrase && !status && !(replyCode && cues.length > 0) && !cues.some(isAddressCue)) return undefined;
  const evidence = [
    ...(phrase ? [`body says "${phrase}"`] : []),
    ...(status ? [`body status ${status}`] : replyCode ? [`body SMTP reply ${replyCode}`] : []),
  ];
  const recipient = bouncedRecipientFromBody(msg, explanation);
  return {
    evidence,
    ...(status ? { status } : {}),
    ...(replyCode ? { replyCode } : {}),
    ...(recipient ? { recipient } : {}),
  };
}

function bouncedRecipientFromBody(msg: InboundMessage, explanation: string): string | undefined {
  const failed = headerValue(msg, 'x-failed-recipients');
  if (failed) return emailsIn(failed)[0];
  // qmail, Postfix and Courier start each recipient paragraph with "<address>:".
  const tagged = /^[ \t]*<([^<>\s]+@[^<>\s]+)>[ \t]*:/m.exec(explanation)?.[1];
  if (tagged) return tagged.toLowerCase();
  const own = new Set([msg.from, ...msg.to]);
  return emailsIn(explanation).find((address) => !own.has(address));
}
