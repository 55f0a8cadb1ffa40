import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';
import { jobCatalog } from '../../jobs/catalog';
import { bossDb } from '../../jobs/enqueue';
import { isLiveInstallation, liveInstallations } from '../crm/connection';
import { listSyncStates } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { salesforceTransport } from './connector';
import { syncOrgMetadata } from './setup';
import { type BackfillOptions, runBackfill } from './sync-backfill';
import { pullDeletions } from './sync-deletions';
import { isBudgetWait, PullError } from './sync-errors';
import { type PullOptions, runIncremental } from './sync-incremental';
import { BACKFILLED } from './sync-objects';
import { runReconcile } from './sync-reconcile';

export type SyncKind = 'backfill' | 'incremental' | 'reconcile';
export const RECONCILE_EVERY_MS = 24 * 60 * 60_000;

export type SyncRunOptions = BackfillOptions & PullOptions & { transport?: SalesforceTransport };

/** Installations whose pulls may run: Salesforce, with credentials, not disconnected. */
const live = liveInstallations('salesforce');
const isLive = (deps: AppDeps, installationId: string) =>
  isLiveInstallation(deps.db, installationId, 'salesforce');

/**
 * A failure Salesforce may recover from (5xx, network) throws so the job retries with backoff. Our
 * API budget being spent ends the job quietly (recorded as `budget: ...`; the tick starts it again
 * from the cursor, nothing is lost); so does one no retry helps (a lost grant: tokens.ts has
 * disconnected the installation; a 4xx), recorded in `last_error`.
 */
async function guarded<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PullError && (!error.error.retryable || isBudgetWait(error.error))) return null;
    throw error;
  }
}

const transportOf = (deps: AppDeps, installationId: string, options: SyncRunOptions) =>
  options.transport ?? salesforceTransport(deps, installationId);

/** `salesforce.backfill`: resumes from the cursors; a long one continues in a fresh job. */
export async function backfillJob(deps: AppDeps, installationId: string, options: SyncRunOptions = {}) {
  if (!(await isLive(deps, installationId))) return 'skipped' as const;
  const t = transportOf(deps, installationId, options);
  const outcome = await guarded(() => runBackfill(deps, installationId, t, options));
  if (outcome === 'more') await enqueueSync(deps, installationId, 'backfill');
  return outcome ?? ('failed' as const);
}

/** `salesforce.syncIncremental`: every object from its keyset cursor, then deletions. */
export async function incrementalJob(deps: AppDeps, installationId: string, options: SyncRunOptions = {}) {
  if (!(await isLive(deps, installationId))) return null;
  const t = transportOf(deps, installationId, options);
  const pulled = await guarded(() => runIncremental(deps, installationId, t, options));
  const deletions = pulled ? await guarded(() => pullDeletions(deps, installationId, t)) : null;
  return pulled ? { ...pulled, deletions } : null;
}

/**
 * `salesforce.reconcile`: daily, and whenever getDeleted no longer reaches back far enough. It also
 * re-reads the org's Users and OpportunityStages (a new stage or user since install), best effort.
 */
export async function reconcileJob(deps: AppDeps, installationId: string, options: SyncRunOptions = {}) {
  if (!(await isLive(deps, installationId))) return null;
  const t = transportOf(deps, installationId, options);
  const result = await guarded(() => runReconcile(deps, installationId, t, options));
  await syncOrgMetadata(deps, installationId);
  return result;
}

const QUEUES = {
  backfill: 'salesforce.backfill',
  incremental: 'salesforce.syncIncremental',
  reconcile: 'salesforce.reconcile',
} as const;

/**
 * Stately queues keyed by installation: at most one queued and one running pass each. `insert`, not
 * `send`: a request dropped because one is already queued is not an error. `db`: inside the
 * caller's transaction (install queues the backfill with the installation row).
 */
export async function enqueueSync(deps: AppDeps, installationId: string, kind: SyncKind, db?: Queryable) {
  const name = QUEUES[kind];
  const data = jobCatalog[name].payload.parse({ installationId });
  await deps.boss.insert(name, [{ data, singletonKey: installationId }], { db: bossDb(db ?? deps.db) });
}

/**
 * `salesforce.syncTick` (every minute): for each live installation, a backfill until it is done
 * (this also restarts one whose job gave up or waited for budget), then an incremental pull, and a
 * reconciliation daily.
 */
export async function syncTick(deps: AppDeps): Promise<number> {
  const rows = await deps.db.select({ id: installations.id }).from(installations).where(live);
  const now = deps.clock.now().getTime();
  for (const { id } of rows) {
    const states = new Map((await listSyncStates(deps.db, id)).map((s) => [s.object, s]));
    const backfilled =
      BACKFILLED.every((o) => states.get(o.state)?.phase === 'incremental') && states.has('deletions');
    if (!backfilled) {
      await enqueueSync(deps, id, 'backfill');
      continue;
    }
    await enqueueSync(deps, id, 'incremental');
    const last = states.get('reconcile')?.startedAt?.getTime() ?? 0;
    if (now - last >= RECONCILE_EVERY_MS) await enqueueSync(deps, id, 'reconcile');
  }
  return rows.length;
}
