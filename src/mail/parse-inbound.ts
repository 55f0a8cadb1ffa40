import { type AddressObject, type Attachment, type ParsedMail, simpleParser } from 'mailparser';
import type { InboundMessage } from '../domain/inbound/types';

const DELIVERY_STATUS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const FEEDBACK_REPORT = new Set(['message/feedback-report']);
const ORIGINAL_MESSAGE = new Set(['message/rfc822', 'message/global']);
// RFC 6522 names it text/rfc822-headers; some FBLs write the singular.
const ORIGINAL_HEADERS = new Set([
  'text/rfc822-headers',
  'text/rfc822-header',
  'message/rfc822-headers',
  'message/global-headers',
]);

/**
 * Raw MIME -> InboundMessage. Report parts are kept apart from the body: mailparser would otherwise
 * append `message/delivery-status` to the text (keepDeliveryStatus) and inline attached originals
 * (ignoreEmbedded), and both would then read as if the sender had written them.
 */
export async function parseInbound(raw: string | Buffer): Promise<InboundMessage> {
  const mail = await simpleParser(raw, {
    keepDeliveryStatus: true,
    ignoreEmbedded: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    checksumAlgo: false,
  });
  const from = mail.from?.value[0];
  const parts = reportParts(mail.attachments);
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined;
  const references = mail.references === undefined ? [] : [mail.references].flat();
  return {
    from: (from?.address ?? '').toLowerCase(),
    fromName: from?.name ?? '',
    to: addresses(mail.to),
    subject: mail.subject ?? '',
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    references,
    ...(date ? { date } : {}),
    headers: headerMap(mail),
    text: mail.text || unparsedBody(raw, mail),
    ...parts,
    attachmentTypes: mail.attachments.map((a) => a.contentType.toLowerCase()),
  };
}

/**
 * A multipart message whose declared boundary matches none of its parts (seen in real bounces) parses
 * to no text and no parts at all: then the raw body is the best text we have, so the delivery report
 * in it can still be read.
 */
function unparsedBody(raw: string | Buffer, mail: ParsedMail): string {
  if (mail.attachments.length > 0 || mail.html) return '';
  const source = typeof raw === 'string' ? raw : raw.toString('latin1');
  const start = /\r?\n\r?\n/.exec(source);
  return start ? source.slice(start.index + start[0].length) : '';
}

function headerMap(mail: ParsedMail): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const { key, line } of mail.headerLines) {
    const colon = line.indexOf(':');
    const value = line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] = [...(headers[key] ?? []), value];
  }
  return headers;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  return [field]
    .flat()
    .flatMap((object) => object.value.flatMap((entry) => [entry, ...(entry.group ?? [])]))
    .map((entry) => entry.address?.toLowerCase() ?? '')
    .filter((address) => address !== '');
}

type ReportParts = Pick<InboundMessage, 'deliveryStatus' | 'feedbackReport' | 'originalHeaders'>;

function reportParts(attachments: Attachment[]): ReportParts {
  const text = (types: Set<string>) =>
    attachments.filter((a) => types.has(a.contentType.toLowerCase())).map((a) => a.content.toString('utf8'));
  const deliveryStatus = text(DELIVERY_STATUS).join('\n\n');
  const feedbackReport = text(FEEDBACK_REPORT).join('\n\n');
  const original = text(ORIGINAL_MESSAGE)[0] ?? text(ORIGINAL_HEADERS)[0];
  // Only the header block of the original matters (its Message-ID, recipient); drop the body.
  const originalHeaders = original?.split(/\r?\n\r?\n/)[0];
  return {
    ...(deliveryStatus ? { deliveryStatus } : {}),
    ...(feedbackReport ? { feedbackReport } : {}),
    ...(originalHeaders ? { originalHeaders } : {}),
  };
}
