import { and, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import { listAllIds } from '../../../connectors/salesforce/pull-deleted';
import { contacts, crmDeals } from '../../db/schema';
import { deleteContact } from '../contacts';
import { applyDealDeletion } from '../crm/deal-delete';
import { saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { failWith } from './sync-errors';

export type ReconcileResult = { listed: number; deletedContacts: number; deletedDeals: number };

/**
 * Lists every Lead, Contact and Opportunity Id and removes what we hold that the org no longer has,
 * as HubSpot's reconcile does. Only rows we last wrote before the listing began are judged, so a
 * record created while it ran is never taken for a deleted one. A converted Lead's row carries its
 * Contact's Id, so it is listed.
 */
export async function runReconcile(
  deps: AppDeps,
  installationId: string,
  t: SalesforceTransport,
  options: { pageLimit?: number } = {},
): Promise<ReconcileResult> {
  const startedAt = deps.clock.now();
  await saveSyncState(deps.db, installationId, 'reconcile', {
    phase: 'incremental',
    startedAt,
    finishedAt: null,
  });
  const listed = new Set<string>();
  for (const object of ['Lead', 'Contact', 'Opportunity'] as const) {
    const ids = await listAllIds(t, object, options.pageLimit);
    if (!ids.ok) return failWith(deps, installationId, 'reconcile', ids.error);
    for (const id of ids.value) listed.add(id);
  }
  const ours = await deps.db
    .select({ externalId: contacts.externalId })
    .from(contacts)
    .where(
      and(
        eq(contacts.installationId, installationId),
        isNotNull(contacts.externalId),
        isNull(contacts.deletedAt),
        lt(contacts.updatedAt, startedAt),
      ),
    );
  const goneContacts = ours.flatMap((c) => (c.externalId && !listed.has(c.externalId) ? [c.externalId] : []));
  const deletedContacts = await deletePeople(deps, installationId, goneContacts);
  const deals = await deps.db
    .select({ externalId: crmDeals.externalId, crmUpdatedAt: crmDeals.crmUpdatedAt })
    .from(crmDeals)
    .where(and(eq(crmDeals.installationId, installationId), isNull(crmDeals.deletedAt)));
  let deletedDeals = 0;
  for (const d of deals) {
    if (listed.has(d.externalId) || d.crmUpdatedAt >= startedAt) continue;
    // Through the deal rules, so the contacts a deleted deal paused are released.
    await applyDealDeletion(deps, installationId, { externalId: d.externalId, occurredAt: startedAt });
    deletedDeals += 1;
  }
  const now = deps.clock.now();
  const result = { listed: listed.size, deletedContacts, deletedDeals };
  await saveSyncState(deps.db, installationId, 'reconcile', {
    done: deletedContacts + deletedDeals,
    total: null,
    finishedAt: now,
    lastRunAt: now,
    lastError: null,
  });
  deps.logger.info('salesforce reconcile', { installationId, ...result });
  return result;
}

/** The deleted-contact path HubSpot takes: the contact service exits enrollments and deletes. */
export async function deletePeople(deps: AppDeps, installationId: string, externalIds: string[]) {
  if (externalIds.length === 0) return 0;
  const rows = await deps.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(
        eq(contacts.installationId, installationId),
        inArray(contacts.externalId, externalIds),
        isNull(contacts.deletedAt),
      ),
    );
  for (const r of rows) await deleteContact(deps, { installationId, contactId: r.id, actor: 'crm:deleted' });
  return rows.length;
}
