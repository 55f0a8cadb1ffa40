import {
  flagOfReason,
  isHardReason,
  OUTRANK_USER_UNKNOWN_STATUS,
  type ReasonCue,
  reasonOfStatus,
  reasonsIn,
  STATUS_IS_A_GUESS,
  systemReasonIn,
} from './bounce-cues';
import type { InboundFlag } from './types';

/**
 * Hard vs soft for one failed recipient. "Hard" means the address itself is bad (we must stop mailing
 * it): Sisimai's userunknown, hostunknown, hasmoved, and notaccept when permanent. Everything that may
 * pass later (full mailbox, suspended account, blocks, filters, rate limits, timeouts) is soft, even
 * when the server said 5.x.x. The reasons and their phrases are data: cues/bounce/*.json.
 */
export type BounceVerdict = {
  kind: 'hard_bounce' | 'soft_bounce';
  confidence: 'high' | 'low';
  flags: InboundFlag[];
  evidence: string[];
  /** Sisimai-style reason name (`userunknown`, `mailboxfull`, ...), when one was found. */
  reason?: string;
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
  /** The rest of the report's explanation, where MTAs name the refused SMTP command. */
  context?: string;
};

// "User unknown" answered to DATA: the address was accepted at RCPT, so a filter refused the message.
const AFTER_DATA = /(?:in reply to|after) (?:the )?(?:end of )?data\b|>>> data\b|\bdata command\b/i;

// The refused command was RCPT: "in reply to RCPT TO command", ">>> RCPT TO:<...>", "[RCPT_TO]".
const AT_RCPT = /\brcpt(?![a-z])/i;

/**
 * Sisimai's rule: an unknown-user phrase is "userunknown" only when the recipient was refused at RCPT
 * (or the system that wrote the report says so in its own table); answered to DATA, or with no command
 * known, a filter may have refused the message, so it is "filtered" (soft). A X.1.1 status decides
 * before this (see bounceReason).
 */
function provedAtRcpt(cue: Found, said: string): boolean {
  if (cue.ownReport) return true;
  return !AFTER_DATA.test(said) && AT_RCPT.test(said);
}

type Found = ReasonCue & { fromStatus?: boolean };

/**
 * The reason behind one failure, after Sisimai's precedence: a mail system's phrase tied to the status
 * it carries, then a precise status code unless it is only a first guess, then the phrases of known mail
 * systems and the generic phrases. `context` is the rest of the report (where MTAs name the command).
 */
export function bounceReason(text: string, status: string | undefined, context = ''): Found | undefined {
  const byStatus = reasonOfStatus(status);
  const bySystem = systemReasonIn(text, status, context);
  const inText = reasonsIn(text);
  const first = bySystem ?? inText[0];
  const fromStatus =
    byStatus && status ? { reason: byStatus, cue: `status ${status}`, fromStatus: true } : undefined;
  // A mail system's own phrase with its own code (Microsoft writes 5.1.10 for unknown users) comes first.
  if (bySystem?.withStatus) return bySystem;
  // X.2.1/X.2.0 are "filtered" by code, but servers write them for unknown users too: the words decide.
  const statusDecides = byStatus && !STATUS_IS_A_GUESS.has(byStatus) && !(byStatus === 'filtered' && first);
  if (fromStatus && statusDecides) return fromStatus;
  // "Does not like recipient ... disk quota exceeded" is a full mailbox, whatever names the user.
  const outranking = inText.find((cue) => OUTRANK_USER_UNKNOWN_STATUS.has(cue.reason));
  if (byStatus === 'userunknown') {
    return outranking ?? { reason: 'userunknown', cue: first?.cue ?? `status ${status}` };
  }
  const full = inText.find((cue) => cue.reason === 'mailboxfull');
  if (first?.reason === 'userunknown' && full) return full;
  if (first?.reason === 'userunknown' && !provedAtRcpt(first, `${text}\n${context}`)) {
    return { ...first, reason: 'filtered' };
  }
  return first ?? fromStatus;
}

/** Flags of the reasons the text names (used to tell a bounce body from other daemon mail). */
export function bounceCues(text: string): InboundFlag[] {
  // The phrase alone, before the command decides userunknown vs filtered: both mark a bounce body.
  const found = systemReasonIn(text, undefined) ?? reasonsIn(text)[0];
  const flag = found ? flagOfReason(found.reason) : undefined;
  return found ? [flag ?? 'permanent_unknown_reason'] : [];
}

export function isAddressCue(flag: InboundFlag): boolean {
  return flag === 'user_unknown' || flag === 'host_unknown';
}

export function judgeBounce(facts: BounceFacts): BounceVerdict {
  const found = bounceReason(facts.diagnostic, facts.status, facts.context);
  const flag = found ? flagOfReason(found.reason) : undefined;
  const reasonFlags: InboundFlag[] = flag ? [flag] : [];
  const evidence = found
    ? [`reason ${found.reason}${found.system ? ` (${found.system})` : ''}: "${found.cue}"`]
    : [];
  const verdict = (
    kind: BounceVerdict['kind'],
    flags: InboundFlag[],
    confidence: 'high' | 'low' = 'high',
  ) => ({
    kind,
    confidence,
    flags,
    evidence,
    ...(found ? { reason: found.reason } : {}),
  });
  const notAddress = reasonFlags.filter((f) => !isAddressCue(f));

  if (facts.action?.toLowerCase().startsWith('delayed'))
    return verdict('soft_bounce', ['delayed', ...notAddress]);
  // X.2.2 is "mailbox full" by definition (RFC 3463: persistent transient), whatever the class digit.
  if (found?.reason === 'mailboxfull' || /^[45]\.2\.2$/.test(facts.status ?? '')) {
    return verdict('soft_bounce', ['mailbox_full']);
  }
  const [klass, subject, detail] = facts.status ? facts.status.split('.').map(Number) : [];
  const replyClass = facts.replyCode ? Number(facts.replyCode[0]) : undefined;
  const permanent = klass === 5 || (klass === undefined && replyClass === 5);
  const temporary = klass === 4 || (klass === undefined && replyClass === 4);

  // A temporary failure may pass later, whatever it says of the address.
  if (temporary) return verdict('soft_bounce', notAddress);
  if (found) {
    const confidence = found.fromStatus && !isHardReason(found.reason, true) ? 'low' : 'high';
    return isHardReason(found.reason, !temporary)
      ? verdict('hard_bounce', reasonFlags, confidence)
      : verdict('soft_bounce', reasonFlags, confidence);
  }
  // X.1.x addressing (minus sender-side 7/8): the address is bad.
  if (permanent && subject === 1 && detail !== undefined && detail !== 7 && detail !== 8) {
    return verdict('hard_bounce', []);
  }
  // X.2 mailbox, X.3 mail system, X.4 routing, X.5 protocol, X.6 content, X.7 security: about the
  // path or the message, not the address.
  if (permanent && subject !== undefined && subject >= 2 && subject <= 7) {
    return verdict('soft_bounce', subject === 7 ? ['blocked'] : [], 'low');
  }
  // "Permanent" without a reason (5.0.0, a bare 550, "this is a permanent error") says nothing about
  // the address: soft, so a good contact is not suppressed; three soft bounces in the window make it hard.
  if (permanent || /permanent(?:ly)? (?:error|failure|fatal)|failed permanently/i.test(facts.diagnostic)) {
    return verdict('soft_bounce', ['permanent_unknown_reason'], 'low');
  }
  return verdict('soft_bounce', ['unparsed_bounce'], 'low');
}
