import { jobCatalog } from '../../jobs/catalog';
import { bossDb } from '../../jobs/enqueue';
import { installationsWithDueWrites } from '../crm/outbox-due';
import type { AppDeps } from '../deps';

/**
 * `salesforce.outboxTick`: one `salesforce.drainOutbox` per connected Salesforce installation with
 * a write due (a budget wait or a backoff pushes next_attempt_at out, so those orgs are not woken).
 */
export async function outboxTick(deps: AppDeps): Promise<number> {
  const due = await installationsWithDueWrites(deps, 'salesforce');
  for (const id of due) await enqueueDrain(deps, id);
  return due.length;
}

export async function enqueueDrain(deps: AppDeps, installationId: string): Promise<void> {
  const data = jobCatalog['salesforce.drainOutbox'].payload.parse({ installationId });
  await deps.boss.insert('salesforce.drainOutbox', [{ data, singletonKey: installationId }], {
    db: bossDb(deps.db),
  });
}
