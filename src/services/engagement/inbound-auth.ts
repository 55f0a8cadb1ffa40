import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { findInstallationByInboundToken, inboundTokenOf } from './settings';
import { sameString } from './tokens';

/** Seconds a signed request stays valid either side of our clock (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type InboundAuthHeaders = {
  authorization: string | undefined;
  signature: string | undefined;
  installation: string | undefined;
};

const encoder = new TextEncoder();

/** Hex HMAC-SHA256 of `<t>.` followed by the exact body bytes. */
export async function signInboundBody(token: string, timestamp: number, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(token),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const prefix = encoder.encode(`${timestamp}.`);
  const message = new Uint8Array(prefix.length + body.length);
  message.set(prefix);
  message.set(body, prefix.length);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  return [...sig].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function bearerOrBasic(header: string): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (!basic?.[1]) return null;
  try {
    const [user, ...rest] = atob(basic[1]).split(':');
    const password = rest.join(':');
    // Providers put credentials in the URL (https://tandem:TOKEN@host/...); either half may hold it.
    return password || user || null;
  } catch {
    return null;
  }
}

/** What the headers alone establish: a token names the installation; a signature still needs the body. */
export type InboundCredential =
  | { kind: 'token'; installationId: string }
  | { kind: 'signature'; installationId: string; token: string; timestamp: number; signature: string };

/**
 * Which installation an inbound webhook belongs to, from its headers alone, before any body byte is
 * read. Either the installation's inbound token (`Authorization: Bearer tin_...`, or HTTP Basic with
 * the token as password), or an HMAC: `X-Tandem-Installation: ins_...` and
 * `X-Tandem-Signature: t=<unix seconds>,v1=<hex hmac>` over `<t>.<raw body>` keyed with the token;
 * for that one the installation, its token and the timestamp are checked here and the HMAC by
 * `verifyInboundBody` once the (bounded) body is in.
 */
export async function authenticateInboundHeaders(
  deps: AppDeps,
  headers: InboundAuthHeaders,
): Promise<Result<InboundCredential, { message: string }>> {
  if (headers.signature) {
    const installationId = headers.installation?.trim();
    if (!installationId) return err({ message: 'X-Tandem-Signature needs X-Tandem-Installation' });
    const parts = Object.fromEntries(
      headers.signature.split(',').map((kv) => kv.trim().split('=') as [string, string | undefined]),
    );
    const t = Number(parts.t);
    const v1 = parts.v1?.toLowerCase();
    if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1))
      return err({ message: 'X-Tandem-Signature must be t=<seconds>,v1=<hex>' });
    const skew = Math.abs(deps.clock.now().getTime() / 1000 - t);
    if (skew > SIGNATURE_TOLERANCE_SECONDS)
      return err({ message: 'Signature timestamp outside the allowed window' });
    if (!/^ins_[A-Za-z0-9_-]{1,64}$/.test(installationId)) return err({ message: 'Invalid signature' });
    const token = await inboundTokenOf(deps, installationId);
    if (!token) return err({ message: 'Invalid signature' });
    return ok({ kind: 'signature', installationId, token, timestamp: t, signature: v1 });
  }
  const token = headers.authorization ? bearerOrBasic(headers.authorization) : null;
  if (!token) {
    return err({ message: 'Missing credentials: send Authorization: Bearer <inbound token> or a signature' });
  }
  const installationId = await findInstallationByInboundToken(deps.db, token);
  return installationId
    ? ok({ kind: 'token', installationId })
    : err({ message: 'Invalid or rotated inbound token' });
}

/** The installation, once a signed request's body matches its HMAC (token credentials pass as is). */
export async function verifyInboundBody(
  credential: InboundCredential,
  body: Uint8Array,
): Promise<Result<string, { message: string }>> {
  if (credential.kind === 'token') return ok(credential.installationId);
  const expected = await signInboundBody(credential.token, credential.timestamp, body);
  return sameString(expected, credential.signature)
    ? ok(credential.installationId)
    : err({ message: 'Invalid signature' });
}

/** Headers, then body: both steps of `authenticateInboundHeaders` and `verifyInboundBody`. */
export async function authenticateInbound(
  deps: AppDeps,
  headers: InboundAuthHeaders,
  body: Uint8Array,
): Promise<Result<string, { message: string }>> {
  const credential = await authenticateInboundHeaders(deps, headers);
  return credential.ok ? verifyInboundBody(credential.value, body) : credential;
}
