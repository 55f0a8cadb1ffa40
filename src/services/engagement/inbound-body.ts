import { err, ok, type Result } from '../../lib/result';

/**
 * The raw RFC 822 message out of an inbound webhook body. Accepted shapes:
 * - `message/rfc822`, `text/plain`, `application/octet-stream`: the body is the message.
 * - JSON: `{ "raw" | "mime" | "email": "<MIME>" }`, `{ "rawBase64": "..." }`, Postmark's `RawEmail`,
 *   and Amazon SES receipts delivered by SNS (`Message` -> `content`, UTF8 or BASE64 encoded).
 * - Form bodies (multipart or url-encoded): SendGrid Inbound Parse "raw" (`email`), Mailgun
 *   `body-mime`, or `raw`/`mime`.
 */
export type BodyError =
  | { code: 'unsupported_media_type'; message: string }
  | { code: 'bad_request'; message: string };

const RAW_TYPES = new Set(['message/rfc822', 'text/plain', 'application/octet-stream']);
const FORM_TYPES = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);
const STRING_FIELDS = ['raw', 'mime', 'email', 'RawEmail', 'body-mime'] as const;

const decoder = new TextDecoder('utf-8');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function bad(message: string): Result<never, BodyError> {
  return err({ code: 'bad_request', message });
}

function fromBase64(text: string): string | null {
  try {
    const binary = atob(text.replace(/\s+/g, ''));
    return decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

function fromRecord(record: Record<string, unknown>): string | null {
  for (const field of STRING_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  const b64 = record.rawBase64 ?? record.raw_base64;
  return typeof b64 === 'string' ? fromBase64(b64) : null;
}

function fromSns(record: Record<string, unknown>): Result<string, BodyError> | null {
  if (record.Type === 'SubscriptionConfirmation') {
    return bad('SNS subscription confirmation: confirm it at its SubscribeURL, then send notifications');
  }
  if (record.Type !== 'Notification' || typeof record.Message !== 'string') return null;
  let inner: { content?: unknown; receipt?: { action?: { encoding?: unknown } } };
  try {
    inner = JSON.parse(record.Message) as typeof inner;
  } catch {
    return bad('SNS Message is not JSON');
  }
  if (typeof inner.content !== 'string') {
    return bad('SNS notification carries no message content (enable "include original content")');
  }
  if (inner.receipt?.action?.encoding === 'BASE64') {
    const decoded = fromBase64(inner.content);
    return decoded === null ? bad('SNS content is not valid base64') : ok(decoded);
  }
  return ok(inner.content);
}

/** The message as it will be stored: Postgres text refuses NUL; lone surrogates become U+FFFD. */
function storable(raw: Result<string, BodyError>): Result<string, BodyError> {
  if (!raw.ok) return raw;
  if (raw.value.includes('\u0000')) return bad('The message contains NUL characters');
  return ok(raw.value.replace(LONE_SURROGATE, '\ufffd'));
}

export async function extractRawMessage(
  contentType: string,
  body: Uint8Array,
): Promise<Result<string, BodyError>> {
  return storable(await extractRaw(contentType, body));
}

async function extractRaw(contentType: string, body: Uint8Array): Promise<Result<string, BodyError>> {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (body.byteLength === 0) return bad('Empty body: send the raw RFC 822 message');
  if (RAW_TYPES.has(type)) return ok(decoder.decode(body));
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decoder.decode(body));
    } catch {
      return bad('Malformed JSON body');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return bad('JSON body must be an object');
    }
    const record = parsed as Record<string, unknown>;
    const sns = fromSns(record);
    if (sns) return sns;
    const raw = fromRecord(record);
    return raw === null
      ? bad(`JSON body has no raw message (${STRING_FIELDS.join(', ')}, rawBase64)`)
      : ok(raw);
  }
  if (FORM_TYPES.has(type)) {
    let form: FormData;
    try {
      // A copy typed on an ArrayBuffer: with DOM types loaded (vitest pulls jsdom's) a shared buffer is not a BodyInit.
      form = await new Response(new Uint8Array(body), {
        headers: { 'content-type': contentType },
      }).formData();
    } catch {
      return bad('Malformed form body');
    }
    for (const field of STRING_FIELDS) {
      const value = form.get(field);
      if (typeof value === 'string' && value.trim() !== '') return ok(value);
      if (value && typeof value !== 'string') return ok(await value.text());
    }
    return bad(`Form body has no raw message field (${STRING_FIELDS.join(', ')})`);
  }
  return err({
    code: 'unsupported_media_type',
    message: `Unsupported content type "${type || 'none'}": send message/rfc822, text/plain, JSON or a form`,
  });
}
