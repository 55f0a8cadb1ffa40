import { bounceExplanation, bounceIdentity, readBounceBody } from './bounce-bodies';
import { judgeBounce } from './bounce-status';
import { isSuccessAction, parseDsnRecipients, preciseStatus, worstRecipient } from './dsn';
import { hasHeader, messageIdIn, normaliseMessageId } from './message-fields';
import type { Classification, InboundFlag, InboundMessage } from './types';

/**
 * Delivery reports: RFC 3464 DSNs first (also when their fields are inlined without MIME), then the
 * non-standard bodies. Runs before the auto-reply rules because many MTAs (Postfix, Exim, Exchange) mark
 * their bounces `Auto-Submitted: auto-replied`.
 */
export function classifyBounce(msg: InboundMessage): Classification | undefined {
  const identity = bounceIdentity(msg);
  if (!identity) return undefined;
  const explanation = bounceExplanation(msg.text);
  const originalMessageId = originalIdOf(msg);
  const autoFlag: InboundFlag[] = hasHeader(msg, 'auto-submitted') ? ['auto_submitted_header'] : [];
  const common = { ...(originalMessageId ? { originalMessageId } : {}) };

  const recipients = parseDsnRecipients(msg.deliveryStatus ?? explanation);
  const worst = worstRecipient(recipients);
  if (worst) {
    const status = preciseStatus(worst);
    const dsnEvidence = `DSN action=${worst.action ?? '-'} status=${worst.status ?? '-'}`;
    if (isSuccessAction(worst)) {
      // A delivery receipt: nothing bounced and nobody wrote; never a reply.
      return {
        kind: 'auto_reply',
        confidence: 'low',
        evidence: [...identity.evidence, dsnEvidence],
        flags: ['dsn', 'delivery_report_success'],
        ...common,
      };
    }
    const verdict = judgeBounce({
      ...(status ? { status } : {}),
      ...(worst.action ? { action: worst.action } : {}),
      diagnostic: worst.diagnostic ?? explanation,
      context: explanation,
    });
    return {
      kind: verdict.kind,
      confidence: verdict.confidence,
      evidence: [
        ...identity.evidence,
        dsnEvidence,
        ...(worst.diagnostic ? [`diagnostic "${clip(worst.diagnostic)}"`] : []),
        ...verdict.evidence,
      ],
      flags: ['dsn', ...verdict.flags, ...autoFlag],
      ...(worst.recipient ? { bouncedRecipient: worst.recipient } : {}),
      ...(status ? { statusCode: status } : {}),
      ...common,
    };
  }

  const body = readBounceBody(msg, explanation);
  if (!body) {
    // Two independent bounce marks but an unreadable reason: still a bounce, soft, so we neither
    // suppress the address nor file a reply. One mark alone is not enough to take the message.
    if (identity.strong < 2) return undefined;
    return {
      kind: 'soft_bounce',
      confidence: 'low',
      evidence: identity.evidence,
      flags: ['unparsed_bounce', ...autoFlag],
      ...common,
    };
  }
  const verdict = judgeBounce({
    ...(body.status ? { status: body.status } : {}),
    ...(body.replyCode ? { replyCode: body.replyCode } : {}),
    diagnostic: explanation,
  });
  return {
    kind: verdict.kind,
    confidence: verdict.confidence,
    evidence: [...identity.evidence, ...body.evidence, ...verdict.evidence],
    flags: ['non_standard_bounce', ...verdict.flags, ...autoFlag],
    ...(body.recipient ? { bouncedRecipient: body.recipient } : {}),
    ...(body.status ? { statusCode: body.status } : {}),
    ...common,
  };
}

/** Our Message-ID as the bounce returns it: attached headers, inlined copy, or In-Reply-To. */
function originalIdOf(msg: InboundMessage): string | undefined {
  const fromParts = msg.originalHeaders ? messageIdIn(msg.originalHeaders) : undefined;
  const inline = messageIdIn(msg.text);
  const replyTo = msg.inReplyTo ? normaliseMessageId(msg.inReplyTo) : undefined;
  return fromParts ?? inline ?? replyTo;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 137)}...` : flat;
}
