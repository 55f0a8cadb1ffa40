import type { PullTransports } from '../../../connectors/hubspot/pull';
import { installations } from '../../db/schema';
import { jobCatalog } from '../../jobs/catalog';
import { bossDb } from '../../jobs/enqueue';
import { isLiveInstallation, liveInstallations } from '../crm/connection';
import { listSyncStates } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { hubspotTransport, type TransportOptions } from './connector';
import { runBackfill } from './sync-backfill';
import { PullError } from './sync-errors';
import { runIncremental } from './sync-incremental';
import { runReconcile } from './sync-reconcile';

export const RECONCILE_EVERY_MS = 60 * 60_000;

/** Installations whose pulls may run: HubSpot, with credentials, not disconnected. */
const live = liveInstallations('hubspot');
const isLive = (deps: AppDeps, installationId: string) =>
  isLiveInstallation(deps.db, installationId, 'hubspot');

export function pullTransports(
  deps: AppDeps,
  installationId: string,
  options: TransportOptions = {},
): PullTransports {
  return {
    api: hubspotTransport(deps, installationId, { ...options, scope: 'api' }),
    search: hubspotTransport(deps, installationId, { ...options, scope: 'search' }),
  };
}

export type SyncRunOptions = { transports?: PullTransports; maxPages?: number; searchCap?: number };

/**
 * A failure HubSpot may recover from (429, 5xx, network) throws so the job retries with backoff; one
 * it will not (disconnected, a 4xx) is recorded in `last_error` and the job ends: the next tick or
 * an admin's fix starts it again.
 */
async function guarded<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PullError && !error.error.retryable) return null;
    throw error;
  }
}

/** `hubspot.backfill`: resumes from the cursors; a long one continues in a fresh job. */
export async function backfillJob(deps: AppDeps, installationId: string, options: SyncRunOptions = {}) {
  if (!(await isLive(deps, installationId))) return 'skipped' as const;
  const ts = options.transports ?? pullTransports(deps, installationId);
  const outcome = await guarded(() =>
    runBackfill(
      deps,
      installationId,
      ts,
      options.maxPages === undefined ? {} : { maxPages: options.maxPages },
    ),
  );
  if (outcome === 'more') await enqueueSync(deps, 'hubspot.backfill', installationId);
  return outcome ?? ('failed' as const);
}

/** `hubspot.syncIncremental`: contacts, then deals, each from its own `since`. */
export async function incrementalJob(deps: AppDeps, installationId: string, options: SyncRunOptions = {}) {
  if (!(await isLive(deps, installationId))) return null;
  const ts = options.transports ?? pullTransports(deps, installationId);
  const cap = options.searchCap === undefined ? {} : { cap: options.searchCap };
  const contacts = await guarded(() => runIncremental(deps, installationId, ts, 'contacts', cap));
  const deals = await guarded(() => runIncremental(deps, installationId, ts, 'deals', cap));
  return { contacts, deals };
}

/** `hubspot.reconcile`. */
export async function reconcileJob(deps: AppDeps, installationId: string, options: SyncRunOptions = {}) {
  if (!(await isLive(deps, installationId))) return null;
  const ts = options.transports ?? pullTransports(deps, installationId);
  return guarded(() => runReconcile(deps, installationId, ts));
}

type SyncJob = 'hubspot.backfill' | 'hubspot.syncIncremental' | 'hubspot.reconcile';

/**
 * Stately queues keyed by installation: at most one queued and one running pass each. `insert`, not
 * `send`: a request dropped because one is already queued is not an error.
 */
export async function enqueueSync(deps: AppDeps, name: SyncJob, installationId: string) {
  const data = jobCatalog[name].payload.parse({ installationId });
  await deps.boss.insert(name, [{ data, singletonKey: installationId }], { db: bossDb(deps.db) });
}

/**
 * `hubspot.syncTick` (every minute): for each live installation, a backfill until it is done (this
 * also restarts one whose job gave up), then an incremental pull, and a reconciliation hourly.
 */
export async function syncTick(deps: AppDeps): Promise<number> {
  const rows = await deps.db.select({ id: installations.id }).from(installations).where(live);
  const now = deps.clock.now().getTime();
  for (const { id } of rows) {
    const states = new Map((await listSyncStates(deps.db, id)).map((s) => [s.object, s]));
    const backfilled =
      states.get('contacts')?.phase === 'incremental' && states.get('deals')?.phase === 'incremental';
    if (!backfilled) {
      await enqueueSync(deps, 'hubspot.backfill', id);
      continue;
    }
    await enqueueSync(deps, 'hubspot.syncIncremental', id);
    const last = states.get('reconcile')?.startedAt?.getTime() ?? 0;
    if (now - last >= RECONCILE_EVERY_MS) await enqueueSync(deps, 'hubspot.reconcile', id);
  }
  return rows.length;
}
