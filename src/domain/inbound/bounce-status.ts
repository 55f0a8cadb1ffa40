import type { InboundFlag } from './types';

/**
 * Hard vs soft for one failed recipient. "Hard" means the address itself is bad (we must stop mailing
 * it); everything that may pass later (full mailbox, blocks, rate limits, timeouts) is soft, even when
 * the server said 5.x.x. Cue phrases follow the reasons Sisimai (BSD-2-Clause) distinguishes.
 */
export type BounceVerdict = {
  kind: 'hard_bounce' | 'soft_bounce';
  confidence: 'high' | 'low';
  flags: InboundFlag[];
  evidence: string[];
};

export type BounceFacts = {
  /** Enhanced status code (`5.1.1`) when known. */
  status?: string;
  /** Basic SMTP reply code (`550`) when no enhanced code is known. */
  replyCode?: string;
  /** DSN Action field (`failed`, `delayed`, ...). */
  action?: string;
  /** Diagnostic-Code and/or the explanation part of the bounce body. */
  diagnostic: string;
};

const CUES: ReadonlyArray<{ flag: InboundFlag; pattern: RegExp }> = [
  {
    flag: 'mailbox_full',
    pattern:
      /mailbox (?:is )?full|mailbox.{0,30}(?:over|exceed\w*).{0,12}(?:quota|limit|size)|over ?quota|quota (?:exceed|full)|exceed\w* (?:the |their |his |her )?(?:storage|quota)|insufficient (?:system )?storage|QuotaExceeded|out of (?:disk )?space|user.{0,20}over.{0,20}quota|mailbox size limit/i,
  },
  {
    flag: 'user_unknown',
    pattern:
      /user unknown|unknown (?:user|recipient|local[- ]part|mailbox)|no such (?:user|mailbox|recipient|address|account)|(?:recipient|user|mailbox|address|account)\b.{0,30}\b(?:not found|does ?n[o']t exist|not exist|is unknown|is invalid|has been disabled|is disabled|deactivated|no longer (?:valid|active|exists)|is inactive)|invalid (?:recipient|address|mailbox|user)|recipient address rejected|RecipientNotFound|mailbox (?:unavailable|not found)|not a valid (?:mailbox|user|recipient)|(?:email )?address (?:wasn['’]t|was not|couldn['’]t be|could not be) found|no mailbox here|unrouteable address|illegal user|no longer on (?:this |the )?server|undeliverable address|address (?:is )?no longer (?:valid|in use)/i,
  },
  {
    flag: 'host_unknown',
    pattern:
      /host (?:\S+ )?(?:or domain name )?(?:unknown|not found)|domain (?:name )?(?:not found|does ?n[o']t exist)|unknown (?:host|domain)|DNS (?:lookup )?(?:failure|error)|NXDOMAIN|no (?:MX|mail exchanger)|name or service not known|unrout(?:e)?able (?:domain|mail domain)|null MX/i,
  },
  {
    flag: 'rate_limited',
    pattern:
      /rate limit|too many (?:connections|messages|recipients|emails)|try (?:again )?later|temporarily deferred|throttl|unexpected volume|sending limit|exceeded.{0,20}(?:rate|connection limit)/i,
  },
  {
    flag: 'blocked',
    pattern:
      /\bblocked\b|block ?list|black ?list|spamhaus|\bspam\b|reputation|rejected (?:due to|for|by) (?:policy|content)|policy (?:rejection|violation|reasons)|\bRBL\b|dnsbl|listed (?:on|in|at) |\bbanned\b|denied by policy|message rejected|user complaints/i,
  },
  {
    flag: 'message_too_large',
    pattern:
      /message (?:size )?(?:exceeds|too (?:big|large))|size (?:exceeds|limit exceeded)|exceeds (?:the )?(?:maximum )?(?:message )?size/i,
  },
  {
    flag: 'expired',
    pattern:
      /message expired|retry time(?:out)? (?:exceeded|expired)|in the queue too long|delivery time expired|unable to deliver (?:this message )?(?:in|after)|still undelivered after|could not be delivered for more than/i,
  },
  {
    flag: 'network_error',
    pattern:
      /connection (?:timed out|refused|reset)|no route to host|(?:could not|couldn['’]t|unable to|wasn['’]t able to) (?:connect|establish)|failed connect|no answer from host/i,
  },
];

/** X.1.x addressing (minus sender-side 7/8), X.2.1 disabled mailbox, X.4.4 unroutable domain. */
function isBadAddressStatus(subject: number, detail: number): boolean {
  if (subject === 1) return detail !== 7 && detail !== 8;
  if (subject === 2) return detail === 1;
  if (subject === 4) return detail === 4;
  return false;
}

/** Reasons the text names, in CUES order. */
export function bounceCues(text: string): InboundFlag[] {
  return CUES.filter((cue) => cue.pattern.test(text)).map((cue) => cue.flag);
}

export function isAddressCue(flag: InboundFlag): boolean {
  return flag === 'user_unknown' || flag === 'host_unknown';
}

export function judgeBounce(facts: BounceFacts): BounceVerdict {
  const text = facts.diagnostic;
  const cues = bounceCues(text);
  const has = (flag: InboundFlag) => cues.includes(flag);
  const evidence = cues.map((flag) => `diagnostic suggests ${flag}`);
  const soft = (flags: InboundFlag[], confidence: 'high' | 'low' = 'high'): BounceVerdict => ({
    kind: 'soft_bounce',
    confidence,
    flags,
    evidence,
  });
  const hard = (flags: InboundFlag[], confidence: 'high' | 'low' = 'high'): BounceVerdict => ({
    kind: 'hard_bounce',
    confidence,
    flags,
    evidence,
  });
  const temporaryCues = cues.filter((c) => !isAddressCue(c));
  const addressCues = cues.filter(isAddressCue);

  if (facts.action?.toLowerCase().startsWith('delayed')) return soft(['delayed', ...temporaryCues]);
  // X.2.2 is "mailbox full" by definition (RFC 3463: persistent transient), whatever the class digit.
  if (has('mailbox_full') || /^[45]\.2\.2$/.test(facts.status ?? '')) return soft(['mailbox_full']);

  const [klass, subject, detail] = facts.status ? facts.status.split('.').map(Number) : [];
  const replyClass = facts.replyCode ? Number(facts.replyCode[0]) : undefined;
  const permanent = klass === 5 || (klass === undefined && replyClass === 5);
  const temporary = klass === 4 || (klass === undefined && replyClass === 4);

  if (temporary) return soft(temporaryCues.length > 0 ? temporaryCues : []);
  if (addressCues.length > 0) return hard(addressCues);
  if (temporaryCues.length > 0) return soft(temporaryCues);
  if (permanent && subject !== undefined && detail !== undefined) {
    if (isBadAddressStatus(subject, detail)) return hard([]);
    // X.2.3/X.2.4 message too long / list expansion, X.3 mail system, X.4 routing, X.6 content:
    // about the path or the message, not the address.
    if (
      (subject === 2 && (detail === 3 || detail === 4)) ||
      subject === 3 ||
      subject === 4 ||
      subject === 6
    ) {
      return soft([], 'low');
    }
    if (subject === 7) return soft(['blocked'], 'low');
    return hard(['permanent_unknown_reason'], 'low');
  }
  if (permanent) return hard(['permanent_unknown_reason'], 'low');
  if (/permanent(?:ly)? (?:error|failure|fatal)|failed permanently/i.test(text)) {
    return hard(['permanent_unknown_reason'], 'low');
  }
  return soft(['unparsed_bounce'], 'low');
}
