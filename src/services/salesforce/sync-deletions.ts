import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import { readWhereIn } from '../../../connectors/salesforce/pull';
import { type Deleted, getDeleted } from '../../../connectors/salesforce/pull-deleted';
import type { PullObject } from '../../../connectors/salesforce/schemas';
import { applyDealDeletion } from '../crm/deal-delete';
import { getSyncState, saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { failWith } from './sync-errors';
import { deletePeople, runReconcile } from './sync-reconcile';
import { storeOpportunitiesById } from './sync-store';

const OBJECTS: PullObject[] = ['Lead', 'Contact', 'Opportunity', 'OpportunityContactRole'];
/** getDeleted wants more than a minute between start and end. */
const MIN_WINDOW_MS = 2 * 60_000;

export type DeletionResult = { contacts: number; deals: number; roles: number; reconciled: boolean };

/**
 * Deletions since the stored `since`, per object through getDeleted. When Salesforce no longer
 * remembers that far back (`earliestDateAvailable` after `since`: the 15-day recycle bin), what was
 * lost is found by a full reconcile instead. Contacts go through the contact service (their
 * enrollments exit), deals through the deal rules, removed contact roles re-read their opportunity.
 */
export async function pullDeletions(
  deps: AppDeps,
  installationId: string,
  t: SalesforceTransport,
): Promise<DeletionResult | null> {
  const state = await getSyncState(deps.db, installationId, 'deletions');
  if (!state?.since) return null;
  const start = state.since;
  const end = deps.clock.now();
  if (end.getTime() - start.getTime() < MIN_WINDOW_MS) return null;
  const seen = new Map<PullObject, Deleted>();
  for (const object of OBJECTS) {
    const res = await getDeleted(t, object, start, end);
    if (!res.ok) return failWith(deps, installationId, 'deletions', res.error);
    seen.set(object, res.value);
  }
  const out: DeletionResult = { contacts: 0, deals: 0, roles: 0, reconciled: false };
  const covered = Math.min(...[...seen.values()].map((d) => d.latestDateCovered.getTime()));
  if ([...seen.values()].some((d) => d.earliestDateAvailable > start)) {
    await runReconcile(deps, installationId, t);
    out.reconciled = true;
  } else {
    const people = [...(seen.get('Lead')?.records ?? []), ...(seen.get('Contact')?.records ?? [])];
    out.contacts = await deletePeople(
      deps,
      installationId,
      people.map((p) => p.id),
    );
    for (const d of seen.get('Opportunity')?.records ?? []) {
      const r = await applyDealDeletion(deps, installationId, { externalId: d.id, occurredAt: d.deletedAt });
      if (r === 'applied') out.deals += 1;
    }
    const roleIds = (seen.get('OpportunityContactRole')?.records ?? []).map((r) => r.id);
    if (roleIds.length) {
      const roles = await readWhereIn(t, 'OpportunityContactRole', 'Id', roleIds, { all: true });
      if (!roles.ok) return failWith(deps, installationId, 'deletions', roles.error);
      const opps = roles.value.map((r) => r.OpportunityId);
      const stored = await storeOpportunitiesById(deps, installationId, t, opps);
      if (!stored.ok) return failWith(deps, installationId, 'deletions', stored.error);
      out.roles = roleIds.length;
    }
  }
  const now = deps.clock.now();
  await saveSyncState(deps.db, installationId, 'deletions', {
    since: new Date(Math.min(covered, end.getTime())),
    done: out.contacts + out.deals + out.roles,
    startedAt: end,
    finishedAt: now,
    lastRunAt: now,
    lastError: null,
  });
  if (out.contacts + out.deals + out.roles > 0 || out.reconciled)
    deps.logger.info('salesforce deletions', { installationId, ...out });
  return out;
}
