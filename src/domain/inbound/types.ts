/**
 * An inbound message reduced to what classification needs. Plain data (JSON-serialisable), so it can
 * travel in a job payload and be replayed in tests without the raw MIME.
 */
export type InboundMessage = {
  /** Lower-cased address of the From header; empty when the header has none (`From: MAILER-DAEMON`). */
  from: string;
  /** Display name of the From header, empty when absent. */
  fromName: string;
  /** Lower-cased addresses of the To header. */
  to: string[];
  /** Decoded Subject (RFC 2047 words decoded), empty when absent. */
  subject: string;
  /** Message-ID with angle brackets, as sent. */
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  /** Date header as an ISO timestamp, when present and valid. */
  date?: string;
  /** Every header by lower-cased name, values unfolded but not decoded, in order of appearance. */
  headers: Record<string, string[]>;
  /**
   * The plain-text body. When the message has no text/plain part it is mailparser's conversion of the
   * HTML part. Embedded messages and report parts are not in it.
   */
  text: string;
  /** Text of `message/delivery-status` parts (RFC 3464), when present. */
  deliveryStatus?: string;
  /** Text of `message/feedback-report` parts (RFC 5965), when present. */
  feedbackReport?: string;
  /** Header block of the attached original (`message/rfc822` or `text/rfc822-headers`), when present. */
  originalHeaders?: string;
  /** MIME types of the non-body parts, in order (`message/rfc822`, `message/delivery-status`, ...). */
  attachmentTypes: string[];
};

export const INBOUND_KINDS = [
  'human_reply',
  'auto_reply',
  'hard_bounce',
  'soft_bounce',
  'complaint',
  'unsubscribe',
] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

/** Extra facts for the caller; evidence says why, flags say what kind of edge case it was. */
export type InboundFlag =
  | 'possible_auto_reply'
  | 'quoted_unsubscribe_ignored'
  /** The new text speaks of unsubscribing without an explicit request: the owner decides. */
  | 'unsubscribe_mention'
  | 'auto_submitted_header'
  | 'arf_report'
  | 'jmrp_report'
  | 'ses_notification'
  | 'dsn'
  | 'non_standard_bounce'
  | 'delayed'
  | 'mailbox_full'
  | 'message_too_large'
  | 'blocked'
  | 'rate_limited'
  | 'expired'
  | 'network_error'
  | 'user_unknown'
  | 'host_unknown'
  | 'permanent_unknown_reason'
  | 'unparsed_bounce'
  | 'delivery_report_success'
  | 'arf_not_spam';

export type Classification = {
  kind: InboundKind;
  confidence: 'high' | 'low';
  /** Human-readable reasons, e.g. `dsn status=5.1.1`, `header auto-submitted=auto-replied`. */
  evidence: string[];
  flags: InboundFlag[];
  /** ISO date (YYYY-MM-DD) an out-of-office says its sender is back. */
  returnDate?: string;
  bouncedRecipient?: string;
  /** RFC 3463 enhanced status code, e.g. `5.1.1`. */
  statusCode?: string;
  /** Message-ID (with angle brackets) of the message this one is about: attached original or In-Reply-To. */
  originalMessageId?: string;
};
