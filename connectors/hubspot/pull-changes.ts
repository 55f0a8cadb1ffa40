import type { CanonicalContact, CanonicalDeal, CrmResult } from '../contract';
import { type HubSpotTransport, hubspotCall } from './client';
import { toCanonicalContact } from './mappers';
import {
  CONTACT_PROPERTIES,
  DEAL_PROPERTIES,
  LIST_LIMIT,
  mapAll,
  objectApi,
  type PullTransports,
  raw,
  type SdkObject,
  withContacts,
} from './pull';
import {
  MODIFIED_PROPERTY,
  modifiedAt,
  type SearchCursor,
  type SearchObject,
  type SearchPageFacts,
  searchRequest,
} from './pull-search';

// Incremental reads: changes by modification time through search, and id lists for reconciliation.

export type SearchPage<T> = { records: T[]; skipped: number; facts: SearchPageFacts };

/** One page of records modified in the cursor's window, oldest first (search: 200 a page, 5/s). */
export async function searchChangedPage<O extends SearchObject>(
  ts: PullTransports,
  object: O,
  cursor: SearchCursor,
): Promise<CrmResult<SearchPage<O extends 'contacts' ? CanonicalContact : CanonicalDeal>>> {
  const properties = object === 'contacts' ? CONTACT_PROPERTIES : DEAL_PROPERTIES;
  const body = searchRequest(object, cursor, properties);
  const res = await hubspotCall(ts.search, (c) => objectApi(c, object).searchApi.doSearch(body as never));
  if (!res.ok) return res;
  const results = res.value.results as SdkObject[];
  const last = results.at(-1);
  const facts: SearchPageFacts = {
    count: results.length,
    total: res.value.total,
    nextAfter: res.value.paging?.next?.after ?? null,
    lastModified: last ? modifiedAt(last.properties[MODIFIED_PROPERTY[object]]) : null,
    lastId: last?.id ?? null,
  };
  if (object === 'contacts') {
    const mapped = mapAll(
      results.map((o) => raw(o)),
      toCanonicalContact,
    );
    return { ok: true, value: { ...mapped, facts } as never };
  }
  const deals = await withContacts(ts.api, results);
  if (!deals.ok) return deals;
  return { ok: true, value: { ...deals.value, facts } as never };
}

/** Ids only (and the ids each contact absorbed in merges), for reconciliation's deletion check. */
export async function listIdsPage(
  t: HubSpotTransport,
  object: SearchObject,
  after: string | null,
): Promise<CrmResult<{ ids: Array<{ id: string; merged: string[] }>; next: string | null }>> {
  const props = object === 'contacts' ? ['hs_merged_object_ids'] : ['hs_object_id'];
  const res = await hubspotCall(t, (c) =>
    objectApi(c, object).basicApi.getPage(LIST_LIMIT, after ?? undefined, props),
  );
  if (!res.ok) return res;
  const ids = res.value.results.map((o) => ({
    id: o.id,
    merged: (o.properties.hs_merged_object_ids ?? '').split(';').filter(Boolean),
  }));
  return { ok: true, value: { ids, next: res.value.paging?.next?.after ?? null } };
}
