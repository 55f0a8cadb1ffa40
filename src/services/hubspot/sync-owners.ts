import { listOwners, type PullTransports } from '../../../connectors/hubspot/pull';
import { storeOwners } from '../crm/store-owners';
import { getSyncState, saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { failWith } from './sync-errors';

/** The backfill's first step: every owner, once (reconciliation refreshes them hourly). */
export async function backfillOwners(deps: AppDeps, installationId: string, ts: PullTransports) {
  const state = await getSyncState(deps.db, installationId, 'owners');
  if (state?.finishedAt) return;
  const started = deps.clock.now();
  const owners = await listOwners(ts.api);
  if (!owners.ok) return failWith(deps, installationId, 'owners', owners.error);
  const n = await storeOwners(deps.db, installationId, owners.value, deps.clock.now());
  const now = deps.clock.now();
  await saveSyncState(deps.db, installationId, 'owners', {
    phase: 'incremental',
    done: n,
    total: n,
    startedAt: started,
    finishedAt: now,
    lastRunAt: now,
    lastError: null,
  });
}
