import { and, eq, notInArray } from 'drizzle-orm';
import type { CanonicalOwner } from '../../../connectors/contract';
import { listOwners, type PullTransports } from '../../../connectors/hubspot/pull';
import type { Queryable } from '../../db/client';
import { crmOwners } from '../../db/schema';
import type { AppDeps } from '../deps';
import { failWith } from './sync-errors';
import { getSyncState, saveSyncState } from './sync-state';

/**
 * Replaces the installation's owners with the portal's list: listed owners are upserted, owners no
 * longer listed are kept (contacts still name them) but marked archived.
 */
export async function storeOwners(
  db: Queryable,
  installationId: string,
  owners: CanonicalOwner[],
  now: Date,
): Promise<number> {
  await db.transaction(async (tx) => {
    for (const o of owners) {
      const row = {
        installationId,
        externalId: o.externalId,
        userId: o.userId,
        email: o.email,
        firstName: o.firstName,
        lastName: o.lastName,
        archived: o.archived,
        updatedAt: now,
      };
      await tx
        .insert(crmOwners)
        .values(row)
        .onConflictDoUpdate({ target: [crmOwners.installationId, crmOwners.externalId], set: row });
    }
    const listed = owners.map((o) => o.externalId);
    await tx
      .update(crmOwners)
      .set({ archived: true, updatedAt: now })
      .where(
        and(
          eq(crmOwners.installationId, installationId),
          eq(crmOwners.archived, false),
          ...(listed.length ? [notInArray(crmOwners.externalId, listed)] : []),
        ),
      );
  });
  return owners.length;
}

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
