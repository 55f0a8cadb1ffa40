import type { Queryable } from '../../db/client';
import { jobCatalog } from '../../jobs/catalog';
import { bossDb } from '../../jobs/enqueue';
import type { AppDeps } from '../deps';

const batchSize = 1000;

/**
 * Asks for a contact's score to be recomputed (after an engagement event or a property change),
 * inside the caller's transaction so the request commits with the event.
 *
 * The queue is `stately` and the singleton key is the contact: while a recompute for the contact
 * waits, more requests are dropped (it will read their events when it runs); while one runs, one
 * more can wait, so an event that commits mid-run is never missed.
 */
export async function requestRescore(
  deps: AppDeps,
  tx: Queryable,
  input: { installationId: string; contactId: string; reason: string },
): Promise<void> {
  await requestRescoreMany(deps, tx, {
    installationId: input.installationId,
    contactIds: [input.contactId],
    reason: input.reason,
  });
}

/** The same for many contacts (publish, decay sweep), in batched inserts; returns how many it asked for. */
export async function requestRescoreMany(
  deps: AppDeps,
  tx: Queryable,
  input: { installationId: string; contactIds: ReadonlyArray<string>; reason: string },
): Promise<number> {
  const unique = [...new Set(input.contactIds)];
  const schema = jobCatalog['scoring.recompute'].payload;
  for (let i = 0; i < unique.length; i += batchSize) {
    const jobs = unique.slice(i, i + batchSize).map((contactId) => ({
      data: schema.parse({ installationId: input.installationId, contactId, reason: input.reason }),
      singletonKey: contactId,
    }));
    // `insert` (not `enqueue`/`send`): a request deduplicated by the singleton key is not an error.
    await deps.boss.insert('scoring.recompute', jobs, { db: bossDb(tx) });
  }
  return unique.length;
}
