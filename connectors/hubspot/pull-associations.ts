import type { CrmResult } from '../contract';
import { type HubSpotTransport, hubspotCall } from './client';

/**
 * Contact ids of each deal, in one associations v4 batch read (up to 1,000 inputs; pages give us 100
 * or 200). HubSpot answers 207 with per-input errors for deals without contacts; those get none. A
 * deal with more than 500 contacts pages its list, and only the first 500 are read here.
 */
export async function readDealContacts(
  t: HubSpotTransport,
  dealIds: string[],
): Promise<CrmResult<Map<string, string[]>>> {
  const links = new Map<string, string[]>();
  if (dealIds.length === 0) return { ok: true, value: links };
  const res = await hubspotCall(t, (c) =>
    c.crm.associations.v4.batchApi.getPage('deals', 'contacts', { inputs: dealIds.map((id) => ({ id })) }),
  );
  if (!res.ok) return res;
  for (const r of res.value.results) {
    links.set(String(r._from.id), [...new Set(r.to.map((to) => String(to.toObjectId)))]);
  }
  return { ok: true, value: links };
}
