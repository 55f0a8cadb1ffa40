import { randomToken, sameBytes, signLink, verifyLink } from '../../lib/crypto';
import type { AppDeps } from '../deps';

/** The authorize round trip must finish within this; the cookie's Max-Age says the same. */
export const STATE_TTL_S = 600;

export type StateCheck =
  | { ok: true }
  | {
      ok: false;
      code: 'oauth_state_missing' | 'oauth_state_invalid' | 'oauth_state_expired' | 'oauth_state_mismatch';
    };

const macInput = (state: string, expiresAt: number) =>
  `hubspot-install-state\u0000${state}\u0000${expiresAt}`;

/**
 * A fresh `state` for the authorize URL and the cookie that binds it to this browser: the state,
 * its expiry and a MAC with the link-signing key, so the cookie can be neither forged nor extended.
 */
export async function newInstallState(deps: AppDeps): Promise<{ state: string; cookie: string }> {
  const state = randomToken(24);
  const expiresAt = deps.clock.now().getTime() + STATE_TTL_S * 1000;
  const mac = await signLink(deps.config.ENCRYPTION_KEY ?? '', macInput(state, expiresAt));
  return { state, cookie: `${state}.${expiresAt}.${mac}` };
}

/** The callback's `state` must be the one in our signed, unexpired cookie. */
export async function checkInstallState(
  deps: AppDeps,
  cookie: string | undefined,
  state: string | undefined,
): Promise<StateCheck> {
  if (!cookie || !state) return { ok: false, code: 'oauth_state_missing' };
  const [saved = '', expiry = '', mac = '', ...rest] = cookie.split('.');
  const expiresAt = Number(expiry);
  if (rest.length > 0 || !/^\d+$/.test(expiry)) return { ok: false, code: 'oauth_state_invalid' };
  if (!(await verifyLink(deps.config.ENCRYPTION_KEY ?? '', macInput(saved, expiresAt), mac)))
    return { ok: false, code: 'oauth_state_invalid' };
  if (deps.clock.now().getTime() > expiresAt) return { ok: false, code: 'oauth_state_expired' };
  const encoder = new TextEncoder();
  if (!sameBytes(encoder.encode(saved), encoder.encode(state)))
    return { ok: false, code: 'oauth_state_mismatch' };
  return { ok: true };
}
