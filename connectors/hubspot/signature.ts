/**
 * HubSpot request signatures, WebCrypto only (runs on Workers). The SDK's Signature.isValid is not
 * used: it defaults to v1, compares with === and skips the URI decoding v3 requires.
 */
import { hmacBytes } from '../../src/lib/crypto';

export type SignatureFailure = 'missing_signature' | 'stale_timestamp' | 'bad_signature';
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

export const MAX_SKEW_MS = 5 * 60 * 1000;
const encoder = new TextEncoder();

// The only escapes HubSpot decodes before signing; anything else (%20, %26 ...) stays as sent.
const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Constant time over the longer input, so length and prefix leak nothing useful. */
function sameText(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

async function hmacBase64(secret: string, text: string): Promise<string> {
  // The key of the app secret is imported once per process (lib/crypto keeps it).
  return toBase64(await hmacBytes(secret, text));
}

async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

export type SignedRequest = {
  method: string;
  /** The full URL HubSpot called, e.g. https://app.example/hubspot/webhooks?x=1 */
  uri: string;
  rawBody: string;
  headers: Record<string, string | undefined>;
};

export async function signV3(
  secret: string,
  req: Omit<SignedRequest, 'headers'>,
  timestampMs: number,
): Promise<string> {
  return hmacBase64(
    secret,
    `${req.method.toUpperCase()}${decodeSignedUri(req.uri)}${req.rawBody}${timestampMs}`,
  );
}

export async function verifyV3(secret: string, req: SignedRequest, now: Date): Promise<SignatureCheck> {
  const signature = header(req.headers, 'x-hubspot-signature-v3');
  const timestamp = header(req.headers, 'x-hubspot-request-timestamp');
  if (!signature || !timestamp) return { ok: false, reason: 'missing_signature' };
  if (!/^\d{1,16}$/.test(timestamp)) return { ok: false, reason: 'stale_timestamp' };
  if (Math.abs(now.getTime() - Number(timestamp)) > MAX_SKEW_MS)
    return { ok: false, reason: 'stale_timestamp' };
  // The timestamp is signed as sent (its digits), not as a re-rendered number.
  const expected = await hmacBase64(
    secret,
    `${req.method.toUpperCase()}${decodeSignedUri(req.uri)}${req.rawBody}${timestamp}`,
  );
  return sameText(expected, signature) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

/** v2 (workflow actions): sha256 hex of secret + method + uri + body, no timestamp, no decoding. */
export async function signV2(secret: string, req: Omit<SignedRequest, 'headers'>): Promise<string> {
  return sha256Hex(`${secret}${req.method.toUpperCase()}${req.uri}${req.rawBody}`);
}

export async function verifyV2(secret: string, req: SignedRequest): Promise<SignatureCheck> {
  const signature = header(req.headers, 'x-hubspot-signature');
  if (!signature) return { ok: false, reason: 'missing_signature' };
  const expected = await signV2(secret, req);
  return sameText(expected, signature.toLowerCase()) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}
