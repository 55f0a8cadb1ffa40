import { jobCatalog } from '../../jobs/catalog';
import { bossDb } from '../../jobs/enqueue';
import { installationsWithDueWrites } from '../crm/outbox-due';
import type { AppDeps } from '../deps';

/**
 * `hubspot.outboxTick` (every minute): one `hubspot.drainOutbox` per connected HubSpot installation
 * with a write due. The queue is stately with the installation as singleton key, so ticks that
 * come while a drain runs collapse into one more run.
 */
export async function outboxTick(deps: AppDeps): Promise<number> {
  const due = await installationsWithDueWrites(deps, 'hubspot');
  for (const id of due) await enqueueDrain(deps, id);
  return due.length;
}

export async function enqueueDrain(deps: AppDeps, installationId: string): Promise<void> {
  const data = jobCatalog['hubspot.drainOutbox'].payload.parse({ installationId });
  await deps.boss.insert('hubspot.drainOutbox', [{ data, singletonKey: installationId }], {
    db: bossDb(deps.db),
  });
}
