import { and, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import { listOwners, type PullTransports } from '../../../connectors/hubspot/pull';
import { listIdsPage } from '../../../connectors/hubspot/pull-changes';
import type { SearchObject } from '../../../connectors/hubspot/pull-search';
import { contacts, crmDeals } from '../../db/schema';
import { deleteContact } from '../contacts';
import { applyDealDeletion } from '../crm/deal-delete';
import { mergeContacts } from '../crm/merge';
import { storeOwners } from '../crm/store-owners';
import { getSyncState, saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { failWith } from './sync-errors';
import { pullChanged } from './sync-incremental';

const RECONCILE_OVERLAP_MS = 10 * 60_000;

export type ReconcileResult = {
  changedContacts: number;
  changedDeals: number;
  deletedContacts: number;
  mergedContacts: number;
  deletedDeals: number;
};

/** Every id the portal lists, and which id each merged-away contact went into. */
async function portalIds(deps: AppDeps, installationId: string, ts: PullTransports, object: SearchObject) {
  const ids = new Set<string>();
  const mergedInto = new Map<string, string>();
  let after: string | null = null;
  do {
    const page = await listIdsPage(ts.api, object, after);
    if (!page.ok) return failWith(deps, installationId, 'reconcile', page.error);
    for (const r of page.value.ids) {
      ids.add(r.id);
      for (const m of r.merged) mergedInto.set(m, r.id);
    }
    after = page.value.next;
  } while (after);
  return { ids, mergedInto };
}

/**
 * Repairs what webhooks missed: re-reads everything modified since the last reconciliation (owners,
 * contacts, deals), then lists every id to find contacts and deals the portal no longer has. A
 * missing contact that a portal contact absorbed is merged into it; otherwise it is deleted through
 * the contact service (its enrollments exit). Only rows we last wrote before the listing began are
 * judged, so a contact created while it ran is never taken for a deleted one.
 */
export async function runReconcile(
  deps: AppDeps,
  installationId: string,
  ts: PullTransports,
): Promise<ReconcileResult | null> {
  const contactState = await getSyncState(deps.db, installationId, 'contacts');
  if (contactState?.phase !== 'incremental' || !contactState.since) return null;
  const state = await getSyncState(deps.db, installationId, 'reconcile');
  const startedAt = deps.clock.now();
  await saveSyncState(deps.db, installationId, 'reconcile', {
    startedAt,
    finishedAt: null,
    phase: 'incremental',
  });
  const since = state?.since ?? contactState.since;

  const owners = await listOwners(ts.api);
  if (!owners.ok) return failWith(deps, installationId, 'reconcile', owners.error);
  await storeOwners(deps.db, installationId, owners.value, startedAt);
  const changed = await pullChanged(deps, installationId, ts, 'contacts', since);
  const dealState = await getSyncState(deps.db, installationId, 'deals');
  const dealsReady = dealState?.phase === 'incremental';
  const changedDeals = dealsReady ? await pullChanged(deps, installationId, ts, 'deals', since) : null;

  const result: ReconcileResult = {
    changedContacts: changed.stored,
    changedDeals: changedDeals?.stored ?? 0,
    deletedContacts: 0,
    mergedContacts: 0,
    deletedDeals: 0,
  };
  const listed = await portalIds(deps, installationId, ts, 'contacts');
  const ours = await deps.db
    .select({ id: contacts.id, externalId: contacts.externalId })
    .from(contacts)
    .where(
      and(
        eq(contacts.installationId, installationId),
        isNotNull(contacts.externalId),
        isNull(contacts.deletedAt),
        lt(contacts.updatedAt, startedAt),
      ),
    );
  for (const c of ours) {
    const externalId = c.externalId ?? '';
    if (listed.ids.has(externalId)) continue;
    const primary = listed.mergedInto.get(externalId);
    if (primary) {
      await mergeContacts(
        deps,
        installationId,
        { primaryExternalId: primary, mergedExternalIds: [externalId] },
        startedAt,
      );
      result.mergedContacts += 1;
    } else {
      await deleteContact(deps, { installationId, contactId: c.id, actor: 'crm:reconcile' });
      result.deletedContacts += 1;
    }
  }
  if (dealsReady) result.deletedDeals = await markDeletedDeals(deps, installationId, ts, startedAt);

  const now = deps.clock.now();
  // A change pass cut short by its page budget is read again next time from the same `since`.
  const complete = changed.complete && (changedDeals?.complete ?? true);
  await saveSyncState(deps.db, installationId, 'reconcile', {
    ...(complete ? { since: new Date(startedAt.getTime() - RECONCILE_OVERLAP_MS) } : {}),
    done: result.changedContacts + result.changedDeals + result.deletedContacts + result.mergedContacts,
    total: null,
    finishedAt: now,
    lastRunAt: now,
    lastError: null,
  });
  deps.logger.info('hubspot reconcile', { installationId, ...result });
  return result;
}

async function markDeletedDeals(deps: AppDeps, installationId: string, ts: PullTransports, before: Date) {
  const listed = await portalIds(deps, installationId, ts, 'deals');
  const ours = await deps.db
    .select({ externalId: crmDeals.externalId, crmUpdatedAt: crmDeals.crmUpdatedAt })
    .from(crmDeals)
    .where(and(eq(crmDeals.installationId, installationId), isNull(crmDeals.deletedAt)));
  const gone = ours.filter((d) => !listed.ids.has(d.externalId) && d.crmUpdatedAt < before);
  // Through the deal rules, so the contacts a deleted deal paused are released.
  for (const d of gone) {
    await applyDealDeletion(deps, installationId, { externalId: d.externalId, occurredAt: before });
  }
  return gone.length;
}
