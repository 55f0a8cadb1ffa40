import { randomToken, sameBytes, signLink, verifyLink } from '../../lib/crypto';
import type { AppDeps } from '../deps';

/** The authorize round trip must finish within this; the cookie's Max-Age says the same. */
export const STATE_TTL_S = 600;

export type StateCheck =
  /** `installationId`: the console installation the install started from, to connect that one. */
  | { ok: true; installationId: string | null }
  | {
      ok: false;
      code: 'oauth_state_missing' | 'oauth_state_invalid' | 'oauth_state_expired' | 'oauth_state_mismatch';
    };

// A bound state MACs one more field, so a marketplace cookie cannot be read as a bound one.
const macInput = (state: string, expiresAt: number, installationId: string | null) =>
  `hubspot-install-state\u0000${state}\u0000${expiresAt}${installationId ? `\u0000${installationId}` : ''}`;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A fresh `state` for the authorize URL and the cookie that binds it to this browser: the state,
 * its expiry, the console installation if the install started from a console session, and a MAC
 * with the link-signing key, so the cookie can be neither forged, re-bound nor extended.
 */
export async function newInstallState(
  deps: AppDeps,
  input: { installationId?: string | null } = {},
): Promise<{ state: string; cookie: string }> {
  const state = randomToken(24);
  const expiresAt = deps.clock.now().getTime() + STATE_TTL_S * 1000;
  const bound = input.installationId ?? null;
  if (bound !== null && !ID.test(bound)) throw new Error('bad installation id for the install state');
  const mac = await signLink(deps.config.ENCRYPTION_KEY ?? '', macInput(state, expiresAt, bound));
  return { state, cookie: bound ? `${state}.${expiresAt}.${bound}.${mac}` : `${state}.${expiresAt}.${mac}` };
}

/** The callback's `state` must be the one in our signed, unexpired cookie. */
export async function checkInstallState(
  deps: AppDeps,
  cookie: string | undefined,
  state: string | undefined,
): Promise<StateCheck> {
  if (!cookie || !state) return { ok: false, code: 'oauth_state_missing' };
  const parts = cookie.split('.');
  if (parts.length !== 3 && parts.length !== 4) return { ok: false, code: 'oauth_state_invalid' };
  const [saved = '', expiry = ''] = parts;
  const bound = parts.length === 4 ? (parts[2] ?? '') : null;
  const mac = parts.at(-1) ?? '';
  const expiresAt = Number(expiry);
  if (!/^\d+$/.test(expiry) || (bound !== null && !ID.test(bound)))
    return { ok: false, code: 'oauth_state_invalid' };
  if (!(await verifyLink(deps.config.ENCRYPTION_KEY ?? '', macInput(saved, expiresAt, bound), mac)))
    return { ok: false, code: 'oauth_state_invalid' };
  if (deps.clock.now().getTime() > expiresAt) return { ok: false, code: 'oauth_state_expired' };
  const encoder = new TextEncoder();
  if (!sameBytes(encoder.encode(saved), encoder.encode(state)))
    return { ok: false, code: 'oauth_state_mismatch' };
  return { ok: true, installationId: bound };
}
