/**
 * `X-Tandem-Signature: t=<unix seconds>,v1=<hex>` where hex is the lower-case HMAC-SHA256 of
 * `<t>.<raw body>` keyed with the installation's webhook secret: the same scheme inbound webhooks
 * use. The timestamp is signed with the body, so a receiver that rejects stale timestamps (we suggest
 * 5 minutes) cannot be replayed an old delivery. WebCrypto only.
 */
export const signatureHeader = 'X-Tandem-Signature';

const encoder = new TextEncoder();

async function key(secret: string) {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

export async function signWebhook(secret: string, body: string, at: Date): Promise<string> {
  const t = Math.floor(at.getTime() / 1000);
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', await key(secret), encoder.encode(`${t}.${body}`)),
  );
  return `t=${t},v1=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export type SignatureCheck = 'valid' | 'malformed' | 'stale' | 'mismatch';

/** What a receiver does, here so our docs and tests hold the same rule. */
export async function verifyWebhook(
  secret: string,
  header: string | null | undefined,
  body: string,
  now: Date,
  toleranceSeconds = 300,
): Promise<SignatureCheck> {
  const parts = new Map(
    (header ?? '').split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const hex = parts.get('v1')?.toLowerCase() ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(hex)) return 'malformed';
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return 'stale';
  const mac = new Uint8Array(hex.match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);
  // `verify` compares in constant time.
  const valid = await crypto.subtle.verify('HMAC', await key(secret), mac, encoder.encode(`${t}.${body}`));
  return valid ? 'valid' : 'mismatch';
}
