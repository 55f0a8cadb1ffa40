import type { AppDeps } from '../deps';

/** What `installations.credentials_sealed` holds for HubSpot, as JSON sealed by lib/crypto. */
export type HubSpotCredentials = {
  accessToken: string;
  refreshToken: string;
  hubId: number;
  scopes: string[];
};

export type TokenResult =
  | { ok: true; accessToken: string }
  | { ok: false; code: 'disconnected' | 'unavailable'; message: string };

/** A valid access token, refreshed first when it expires within a minute (one refresh per portal at a time). */
export async function accessTokenFor(_deps: AppDeps, _installationId: string): Promise<TokenResult> {
  return { ok: false, code: 'unavailable', message: 'not implemented' };
}

/** After a 401: refresh unless another worker already replaced `staleToken`; a revoked grant disconnects. */
export async function refreshAfterUnauthorized(
  _deps: AppDeps,
  _installationId: string,
  _staleToken: string,
): Promise<TokenResult> {
  return { ok: false, code: 'unavailable', message: 'not implemented' };
}
