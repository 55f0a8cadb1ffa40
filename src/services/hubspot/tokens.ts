import { sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { requestToken } from './token-http';
import { markDisconnected, readTokens, type StoredTokens, writeTokens } from './token-store';

export type { HubSpotCredentials } from './token-store';

export type TokenResult =
  | { ok: true; accessToken: string }
  | { ok: false; code: 'disconnected' | 'unavailable'; message: string };

/** Refresh when the token has less than this left, so a call never starts with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

const expiring = (deps: AppDeps, t: StoredTokens) =>
  !t.expiresAt || t.expiresAt.getTime() - deps.clock.now().getTime() <= REFRESH_MARGIN_MS;

const disconnected = (t: StoredTokens | null): TokenResult => ({
  ok: false,
  code: 'disconnected',
  message: t ? `HubSpot disconnected: ${t.reason ?? 'unknown reason'}` : 'No HubSpot connection',
});

/** A valid access token, refreshed first when it expires within a minute (one refresh per portal at a time). */
export async function accessTokenFor(deps: AppDeps, installationId: string): Promise<TokenResult> {
  const stored = await readTokens(deps, deps.db, installationId);
  if (!stored || stored.status === 'disconnected') return disconnected(stored);
  if (!expiring(deps, stored)) return { ok: true, accessToken: stored.credentials.accessToken };
  return refreshLocked(deps, installationId, (current) => expiring(deps, current));
}

/** After a 401: refresh unless another worker already replaced `staleToken`; a revoked grant disconnects. */
export async function refreshAfterUnauthorized(
  deps: AppDeps,
  installationId: string,
  staleToken: string,
): Promise<TokenResult> {
  return refreshLocked(deps, installationId, (current) => current.credentials.accessToken === staleToken);
}

/**
 * Every worker of every process takes the same transaction-scoped advisory lock for the portal, then
 * re-reads: whoever waited finds the token the first one stored and does not refresh again.
 */
async function refreshLocked(
  deps: AppDeps,
  installationId: string,
  stillNeeded: (current: StoredTokens) => boolean,
): Promise<TokenResult> {
  return deps.db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`hubspot-token:${installationId}`}, 0))`,
    );
    const current = await readTokens(deps, tx, installationId);
    if (!current || current.status === 'disconnected') return disconnected(current);
    if (!stillNeeded(current)) return { ok: true, accessToken: current.credentials.accessToken };
    const answer = await requestToken(deps, {
      grant_type: 'refresh_token',
      refresh_token: current.credentials.refreshToken,
    });
    if (!answer.ok) {
      if (answer.kind !== 'rejected') return { ok: false, code: 'unavailable', message: answer.message };
      const reason = `refresh token rejected (${answer.message})`;
      await markDisconnected(tx, installationId, reason, deps.clock.now());
      deps.logger.warn('hubspot disconnected', { installationId, status: answer.status });
      return { ok: false, code: 'disconnected', message: `HubSpot disconnected: ${reason}` };
    }
    const { grant } = answer;
    const next = {
      ...current.credentials,
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken ?? current.credentials.refreshToken,
    };
    const expiresAt = new Date(deps.clock.now().getTime() + grant.expiresIn * 1000);
    await writeTokens(deps, tx, installationId, next, expiresAt);
    return { ok: true, accessToken: grant.accessToken };
  });
}
