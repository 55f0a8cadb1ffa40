import type { CrmResult } from '../../../connectors/contract';
import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import type { Row } from '../../../connectors/salesforce/pull';
import type { PullObject } from '../../../connectors/salesforce/schemas';
import type { SyncObject } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import {
  type PageCounts,
  storeContactRows,
  storeLeads,
  storeOpportunities,
  storeOpportunitiesById,
} from './sync-store';

/** Stores one page of rows of an object; a failed read it needed (contact roles) is returned. */
export type StorePage = (
  deps: AppDeps,
  installationId: string,
  t: SalesforceTransport,
  rows: unknown[],
) => Promise<CrmResult<PageCounts>>;

const ok = async (counts: Promise<PageCounts>): Promise<CrmResult<PageCounts>> => ({
  ok: true,
  value: await counts,
});

/**
 * The pulled objects, in the order they run: Leads before Contacts (a converted Lead's row takes
 * its Contact's id before the Contact arrives, keeping the row), people before deals (links find
 * their contacts), contact roles last (a changed role re-reads its opportunity).
 */
export const OBJECTS: ReadonlyArray<{ object: PullObject; state: SyncObject; store: StorePage }> = [
  {
    object: 'Lead',
    state: 'leads',
    store: (deps, id, _t, rows) => ok(storeLeads(deps, id, rows as Row<'Lead'>[])),
  },
  {
    object: 'Contact',
    state: 'contacts',
    store: (deps, id, _t, rows) => ok(storeContactRows(deps, id, rows as Row<'Contact'>[])),
  },
  {
    object: 'Opportunity',
    state: 'deals',
    store: (deps, id, t, rows) => storeOpportunities(deps, id, t, rows as Row<'Opportunity'>[]),
  },
  {
    object: 'OpportunityContactRole',
    state: 'contact_roles',
    store: (deps, id, t, rows) =>
      storeOpportunitiesById(
        deps,
        id,
        t,
        (rows as Row<'OpportunityContactRole'>[]).map((r) => r.OpportunityId),
      ),
  },
];

/** The objects a backfill reads in full (contact roles come with their opportunities). */
export const BACKFILLED = OBJECTS.filter((o) => o.object !== 'OpportunityContactRole');
