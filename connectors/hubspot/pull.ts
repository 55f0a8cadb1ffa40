import type { Client } from '@hubspot/api-client';
import type { CanonicalContact, CanonicalDeal, CanonicalOwner, CrmResult } from '../contract';
import { type HubSpotTransport, hubspotCall } from './client';
import { type Mapped, toCanonicalContact, toCanonicalDeal, toCanonicalOwner } from './mappers';
import { readDealContacts } from './pull-associations';
import type { SearchObject } from './pull-search';

/** The list endpoints page at most 100 records. */
export const LIST_LIMIT = 100;
export const CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'company',
  'country',
  'state',
  'hs_timezone',
  'hubspot_owner_id',
  'lifecyclestage',
  'hs_lead_status',
  'lastmodifieddate',
];
export const DEAL_PROPERTIES = ['dealname', 'pipeline', 'dealstage', 'hs_lastmodifieddate'];

/**
 * List endpoints take `properties` as a comma-separated list (HubSpot documents it so); the SDK would
 * repeat the parameter per name instead, which the fake reads only the first of.
 */
const listed = (names: string[]) => [names.join(',')];

/** Records that failed mapping are counted in `skipped` and never fail the page. */
export type PulledPage<T> = { records: T[]; skipped: number; next: string | null };

export type SdkObject = {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: Date;
  archived?: boolean;
};

/** The SDK turns timestamps into Dates; the mappers read HubSpot's JSON (ISO strings). */
export const raw = (o: SdkObject, extra: Record<string, unknown> = {}) => ({
  id: o.id,
  properties: o.properties,
  updatedAt: o.updatedAt instanceof Date ? o.updatedAt.toISOString() : o.updatedAt,
  archived: o.archived ?? false,
  ...extra,
});

export function mapAll<T>(inputs: unknown[], map: (i: unknown) => Mapped<T>) {
  const records: T[] = [];
  let skipped = 0;
  for (const input of inputs) {
    const m = map(input);
    if (m.ok) records.push(m.value);
    else skipped += 1;
  }
  return { records, skipped };
}

export const objectApi = (c: Client, object: SearchObject) =>
  object === 'contacts' ? c.crm.contacts : c.crm.deals;

/**
 * Search has its own limit (5 a second), so it goes through a transport on its own limiter scope;
 * everything else through the API scope (110 per 10 s).
 */
export type PullTransports = { api: HubSpotTransport; search: HubSpotTransport };

/** How many records the portal holds (search's `total`), for progress: one search request. */
export async function countObjects(t: HubSpotTransport, object: SearchObject): Promise<CrmResult<number>> {
  const res = await hubspotCall(t, (c) =>
    objectApi(c, object).searchApi.doSearch({ limit: 1, properties: ['hs_object_id'], filterGroups: [] }),
  );
  return res.ok ? { ok: true, value: res.value.total } : res;
}

export async function listContactsPage(
  t: HubSpotTransport,
  after: string | null,
): Promise<CrmResult<PulledPage<CanonicalContact>>> {
  const res = await hubspotCall(t, (c) =>
    c.crm.contacts.basicApi.getPage(LIST_LIMIT, after ?? undefined, listed(CONTACT_PROPERTIES)),
  );
  if (!res.ok) return res;
  const mapped = mapAll(
    res.value.results.map((o) => raw(o)),
    toCanonicalContact,
  );
  return { ok: true, value: { ...mapped, next: res.value.paging?.next?.after ?? null } };
}

/** Deals with their contact ids: a list page, then one batch read of the page's associations. */
export async function listDealsPage(
  t: HubSpotTransport,
  after: string | null,
): Promise<CrmResult<PulledPage<CanonicalDeal>>> {
  const res = await hubspotCall(t, (c) =>
    c.crm.deals.basicApi.getPage(LIST_LIMIT, after ?? undefined, listed(DEAL_PROPERTIES)),
  );
  if (!res.ok) return res;
  const deals = await withContacts(t, res.value.results);
  if (!deals.ok) return deals;
  return { ok: true, value: { ...deals.value, next: res.value.paging?.next?.after ?? null } };
}

/** Deals as the mapper reads them: each with its contact ids from one associations read. */
export async function withContacts(t: HubSpotTransport, objects: SdkObject[]) {
  const links = await readDealContacts(
    t,
    objects.map((o) => o.id),
  );
  if (!links.ok) return links;
  const inputs = objects.map((o) =>
    raw(o, {
      associations: { contacts: { results: (links.value.get(o.id) ?? []).map((id) => ({ id })) } },
    }),
  );
  return { ok: true as const, value: mapAll(inputs, toCanonicalDeal) };
}

/** Every owner (the owners endpoint pages by `after` too). */
export async function listOwners(t: HubSpotTransport): Promise<CrmResult<CanonicalOwner[]>> {
  const owners: CanonicalOwner[] = [];
  let after: string | undefined;
  do {
    const page = await hubspotCall(t, (c) => c.crm.owners.ownersApi.getPage(undefined, after, 100, false));
    if (!page.ok) return page;
    owners.push(...mapAll(page.value.results, toCanonicalOwner).records);
    after = page.value.paging?.next?.after;
  } while (after);
  return { ok: true, value: owners };
}
