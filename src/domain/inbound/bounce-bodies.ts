import { bounceCues, isAddressCue } from './bounce-status';
import { emailsIn, hasHeader, headerValue, smtpReplyCodesIn, statusCodesIn } from './message-fields';
import type { InboundMessage } from './types';

/**
 * Bounces that are not (or not only) RFC 3464: qmail, Exim, Postfix without MIME, Sendmail v5,
 * Gmail, Office 365, mail.ru, DragonFly... Their formats are catalogued by Sisimai (BSD-2-Clause);
 * we keep the shared ideas: who sent it, where the explanation ends and the returned copy starts,
 * and which codes and phrases the explanation holds.
 */

const DAEMON_SENDER =
  /\b(?:mailer[-_]?daemon|post[-_]?master|mail ?delivery ?(?:subsystem|system|service)|mail administrator)\b/i;

const BOUNCE_SUBJECT =
  /^\s*(?:undeliver(?:able|ed)|delivery (?:status notification|failure|failed|has failed|notification|report)|failure notice|mail delivery failed|returned mail|non[- ]?delivery|delayed mail|warning: could not send|mail could not be delivered|message (?:not delivered|delivery failure)|notice: mail delivery status|ваше сообщение не доставлено|недоставленное сообщение|unzustellbar|nicht zustellbar|non remis|no se puede entregar|não entregue|onbestelbaar|niedostarczalne|配信不能|配送エラー|メールエラー|不達)/i;

const BOUNCE_PHRASE =
  /could ?n[o']?t be delivered|can ?not be delivered|undeliverable|undelivered|was not delivered|delivery (?:has |to .{0,40})?(?:failed|been delayed)|failed permanently|did not reach (?:some or all of )?the intended recipient|could not be reached|error (?:has )?occurred while (?:attempting|trying) to deliver|(?:wasn['’]t|was not|were not) able to deliver|unable to deliver|permanent error|error delivering|returning message to sender|transcript of session follows|unsent message follows|not (?:yet )?been delivered|delivery (?:has been |is )?delayed|still being retried|will (?:be retried|keep trying|continue trying)|не может быть доставлено|не доставлено|nicht zugestellt werden|n['’]a pas pu être (?:remis|distribué)|no se (?:pudo|ha podido) entregar|não (?:pôde|foi possível) ser entregue|kon niet (?:worden )?(?:bezorgd|afgeleverd)|nie (?:mogła|może) zostać dostarczona/i;

// Where the MTA's explanation ends and the returned original (or its headers) begins.
const ORIGINAL_MARKER =
  /^[ \t]*[-*=]*[ \t]*(?:original message(?: headers)?\b|unsent message follows|(?:this is a |below this line is a )?copy of the message|message headers follow|returned message|undelivered message|headers of the original message)|^(?:Received|Return-Path|DKIM-Signature)[ \t]*:/im;

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
  if (hasHeader(msg, 'x-failed-recipients')) strong.push('header x-failed-recipients');
  if (hasHeader(msg, 'x-ms-exchange-message-is-ndr')) strong.push('header x-ms-exchange-message-is-ndr');
  const fromHeader = headerValue(msg, 'from') ?? `${msg.fromName} <${msg.from}>`;
  if (DAEMON_SENDER.test(fromHeader)) strong.push(`sender ${fromHeader}`);
  if (BOUNCE_SUBJECT.test(msg.subject)) strong.push(`subject "${msg.subject}"`);
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
  const phrase = BOUNCE_PHRASE.exec(explanation)?.[0];
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
