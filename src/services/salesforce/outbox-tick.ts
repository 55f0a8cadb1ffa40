import { and, eq, isNull, lte, ne, or } from 'drizzle-orm';
import { crmOutbox, installations } from '../../db/schema';
import { jobCatalog } from '../../jobs/catalog';
import { bossDb } from '../../jobs/enqueue';
import type { AppDeps } from '../deps';

/**
 * `salesforce.outboxTick`: one `salesforce.drainOutbox` per connected Salesforce installation with
 * a write due (a budget wait or a backoff pushes next_attempt_at out, so those orgs are not woken).
 */
export async function outboxTick(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const rows = await deps.db
    .selectDistinct({ id: crmOutbox.installationId })
    .from(crmOutbox)
    .innerJoin(installations, eq(installations.id, crmOutbox.installationId))
    .where(
      and(
        eq(installations.crm, 'salesforce'),
        or(isNull(installations.connectionStatus), ne(installations.connectionStatus, 'disconnected')),
        eq(crmOutbox.status, 'pending'),
        or(isNull(crmOutbox.nextAttemptAt), lte(crmOutbox.nextAttemptAt, now)),
      ),
    );
  for (const { id } of rows) await enqueueDrain(deps, id);
  return rows.length;
}

export async function enqueueDrain(deps: AppDeps, installationId: string): Promise<void> {
  const data = jobCatalog['salesforce.drainOutbox'].payload.parse({ installationId });
  await deps.boss.insert('salesforce.drainOutbox', [{ data, singletonKey: installationId }], {
    db: bossDb(deps.db),
  });
}
