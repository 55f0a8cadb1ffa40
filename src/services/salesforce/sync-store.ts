import { and, eq, inArray } from 'drizzle-orm';
import type { CanonicalContact, CanonicalDeal, CrmResult } from '../../../connectors/contract';
import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import { toCanonicalContact, toCanonicalDeal } from '../../../connectors/salesforce/mappers';
import { readWhereIn } from '../../../connectors/salesforce/pull';
import type { RawContact, RawLead, RawOpportunity } from '../../../connectors/salesforce/schemas';
import { contacts } from '../../db/schema';
import { optOutFromCrm } from '../crm/opt-out';
import { storeContacts } from '../crm/store-contacts';
import { storeDeals } from '../crm/store-deals';
import type { AppDeps } from '../deps';
import { applyConversions } from './convert';

export type PageCounts = Record<string, number>;

/** The version stamp storeContacts compares (a pulled copy no newer than ours is left alone). */
export const MODIFIED_KEY = 'SystemModstamp';

/**
 * Leads (not converted) and Contacts: stored in one transaction with the opt-outs they bring. An
 * opt-out acts when HasOptedOutOfEmail turns true (not on every re-read of a suppressed contact).
 */
async function storePeople(deps: AppDeps, installationId: string, records: CanonicalContact[]) {
  return deps.db.transaction(async (tx) => {
    const ids = records.map((r) => r.externalId);
    const before = ids.length
      ? await tx
          .select({ externalId: contacts.externalId, properties: contacts.properties })
          .from(contacts)
          .where(and(eq(contacts.installationId, installationId), inArray(contacts.externalId, ids)))
      : [];
    const wasOut = new Set(
      before.filter((b) => b.properties.HasOptedOutOfEmail === true).map((b) => b.externalId),
    );
    const counts = await storeContacts(tx, installationId, records, deps.clock.now(), {
      modifiedKey: MODIFIED_KEY,
    });
    const optingOut = records.filter(
      (r) => r.properties.HasOptedOutOfEmail === true && !wasOut.has(r.externalId),
    );
    let optedOut = 0;
    if (optingOut.length) {
      const rows = await tx
        .select({ id: contacts.id, externalId: contacts.externalId })
        .from(contacts)
        .where(
          and(
            eq(contacts.installationId, installationId),
            inArray(
              contacts.externalId,
              optingOut.map((r) => r.externalId),
            ),
          ),
        );
      for (const row of rows) {
        await optOutFromCrm(deps, tx, { installationId, contactId: row.id }, `sf-optout:${row.externalId}`, {
          actor: 'salesforce',
          property: 'HasOptedOutOfEmail',
        });
        optedOut += 1;
      }
    }
    return { ...counts, optedOut };
  });
}

export async function storeLeads(
  deps: AppDeps,
  installationId: string,
  rows: RawLead[],
): Promise<PageCounts> {
  const converted = rows.filter((r) => r.IsConverted);
  const mapped = rows
    .filter((r) => !r.IsConverted)
    .map((row) => toCanonicalContact({ sobject: 'Lead', row }));
  const records = mapped.flatMap((m) => (m.ok ? [m.value] : []));
  const stored = await storePeople(deps, installationId, records);
  const conversions = await applyConversions(deps, installationId, converted);
  return { ...stored, unmapped: mapped.length - records.length, ...conversions };
}

export async function storeContactRows(deps: AppDeps, installationId: string, rows: RawContact[]) {
  const mapped = rows.map((row) => toCanonicalContact({ sobject: 'Contact', row }));
  const records = mapped.flatMap((m) => (m.ok ? [m.value] : []));
  const stored = await storePeople(deps, installationId, records);
  return { ...stored, unmapped: mapped.length - records.length };
}

/**
 * Opportunities with all their contact roles, the deleted ones included (queryAll): a removed role
 * moves the deal's version on. Stored through the deal rules, which pause and resume enrollments.
 */
export async function storeOpportunities(
  deps: AppDeps,
  installationId: string,
  t: SalesforceTransport,
  opps: RawOpportunity[],
): Promise<CrmResult<PageCounts>> {
  if (opps.length === 0) return { ok: true, value: { stored: 0 } };
  const roles = await readWhereIn(
    t,
    'OpportunityContactRole',
    'OpportunityId',
    opps.map((o) => o.Id),
    { all: true },
  );
  if (!roles.ok) return roles;
  const deals: CanonicalDeal[] = [];
  for (const opp of opps) {
    const mapped = toCanonicalDeal(
      opp,
      roles.value.filter((r) => r.OpportunityId === opp.Id),
    );
    if (mapped.ok) deals.push(mapped.value);
  }
  const counts = await storeDeals(deps, installationId, deals);
  return { ok: true, value: { ...counts, unmapped: opps.length - deals.length } };
}

/** Deals whose opportunity ids we know (from a changed or deleted contact role): re-read, then stored. */
export async function storeOpportunitiesById(
  deps: AppDeps,
  installationId: string,
  t: SalesforceTransport,
  ids: string[],
): Promise<CrmResult<PageCounts>> {
  if (ids.length === 0) return { ok: true, value: { stored: 0 } };
  const opps = await readWhereIn(t, 'Opportunity', 'Id', ids);
  if (!opps.ok) return opps;
  return storeOpportunities(deps, installationId, t, opps.value);
}
