import { z } from 'zod';
import { fromBase64UrlStrict, randomToken, sameBytes, signLink, verifyLink } from '../../lib/crypto';
import type { AppDeps } from '../deps';

/** The authorize round trip must finish within this; the cookie's Max-Age says the same. */
export const STATE_TTL_S = 600;

/** What the callback needs from the install step: the PKCE verifier and the host that issued the code. */
/** `installationId`: the console installation the install started from, to connect that one. */
export type InstallCookie = {
  state: string;
  expiresAt: number;
  verifier: string;
  loginUrl: string;
  installationId?: string;
};

export type StateCheck =
  | { ok: true; verifier: string; loginUrl: string; installationId: string | null }
  | { ok: false; code: 'invalid_state'; message: string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

const payload = z.object({
  state: z.string().min(1),
  expiresAt: z.number().int(),
  verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/),
  loginUrl: z.url(),
  installationId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});

// Domain-separated from HubSpot's state and from mail links signed with the same key.
const macInput = (body: string) => `salesforce-install-state\u0000${body}`;

/** PKCE S256: a 64-character verifier (RFC 7636 allows 43-128) and base64url(sha256(verifier)). */
export async function newPkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = randomToken(48);
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(verifier));
  return { verifier, challenge: toBase64Url(new Uint8Array(digest)) };
}

/**
 * A fresh `state` and the cookie that binds it to this browser: state, expiry, verifier and login
 * host, MACed with the link-signing key so none of them can be forged, swapped or extended.
 */
export async function newInstallState(
  deps: AppDeps,
  input: { verifier: string; loginUrl: string; installationId?: string | null },
): Promise<{ state: string; cookie: string }> {
  const state = randomToken(24);
  const { installationId, ...rest } = input;
  const value: InstallCookie = {
    state,
    expiresAt: deps.clock.now().getTime() + STATE_TTL_S * 1000,
    ...rest,
    ...(installationId ? { installationId } : {}),
  };
  const body = toBase64Url(encoder.encode(JSON.stringify(value)));
  const mac = await signLink(deps.config.ENCRYPTION_KEY ?? '', macInput(body));
  return { state, cookie: `${body}.${mac}` };
}

const invalid = (message: string): StateCheck => ({ ok: false, code: 'invalid_state', message });

/** The callback's `state` must be the one in our signed, unexpired cookie. */
export async function checkInstallState(
  deps: AppDeps,
  cookie: string | undefined,
  state: string | undefined,
): Promise<StateCheck> {
  const restart = 'start again from /oauth/salesforce/install';
  if (!cookie || !state) return invalid(`The install state or its cookie is missing: ${restart}`);
  const [body = '', mac = '', ...rest] = cookie.split('.');
  if (rest.length > 0 || !(await verifyLink(deps.config.ENCRYPTION_KEY ?? '', macInput(body), mac)))
    return invalid('The install state cookie is not ours');
  const bytes = fromBase64UrlStrict(body);
  let parsed: ReturnType<typeof payload.safeParse> | null = null;
  try {
    parsed = bytes ? payload.safeParse(JSON.parse(decoder.decode(bytes))) : null;
  } catch {
    parsed = null;
  }
  if (!parsed?.success) return invalid('The install state cookie is not ours');
  const saved = parsed.data;
  if (deps.clock.now().getTime() > saved.expiresAt)
    return invalid(`The install took longer than 10 minutes: ${restart}`);
  if (!sameBytes(encoder.encode(saved.state), encoder.encode(state)))
    return invalid('The install state does not match this browser');
  return {
    ok: true,
    verifier: saved.verifier,
    loginUrl: saved.loginUrl,
    installationId: saved.installationId ?? null,
  };
}
