import { sql } from 'drizzle-orm';
import type { SalesforceSession, SessionStore } from '../../../connectors/salesforce/client';
import type { Queryable } from '../../db/client';
import { markDisconnected } from '../crm/connection';
import type { AppDeps } from '../deps';
import { persistRefresh, readCredentials } from './token-store';

export type { SalesforceCredentials } from './token-store';

/** The session jsforce starts from, or null when the installation is disconnected (no call is made). */
export async function readSession(
  deps: AppDeps,
  db: Queryable,
  installationId: string,
): Promise<SalesforceSession | null> {
  const stored = await readCredentials(deps, db, installationId);
  if (!stored || stored.status === 'disconnected') return null;
  const { accessToken, refreshToken, instanceUrl } = stored.credentials;
  return { accessToken, refreshToken: refreshToken || null, instanceUrl };
}

/** Reads and writes of one installation's tokens over `db` (the pool, or the lock's transaction). */
export function sessionStore(deps: AppDeps, db: Queryable, installationId: string): SessionStore {
  return {
    session: () => readSession(deps, db, installationId),
    onRefresh: (accessToken, refreshToken) =>
      persistRefresh(deps, installationId, accessToken, refreshToken, db),
    onRefreshFailed: async (message) => {
      await markDisconnected(db, installationId, message, deps.clock.now());
      deps.logger.warn('salesforce disconnected', { installationId, reason: message });
    },
  };
}

/**
 * One refresh per org at a time across every worker of every process: a transaction-scoped advisory
 * lock, and the store reads and writes inside that transaction. Whoever waited re-reads the tokens
 * the first one stored and finds its stale token replaced, so it never replays a rotated refresh
 * token (Salesforce would revoke the grant). The token endpoint is called with the lock held.
 */
export async function withRefreshLock<T>(
  deps: AppDeps,
  installationId: string,
  fn: (locked: SessionStore) => Promise<T>,
): Promise<T> {
  // A failed refresh still commits: the disconnect it wrote must survive the error it throws.
  const outcome = await deps.db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`salesforce-token:${installationId}`}, 0))`,
    );
    try {
      return { ok: true as const, value: await fn(sessionStore(deps, tx, installationId)) };
    } catch (error) {
      return { ok: false as const, error };
    }
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
