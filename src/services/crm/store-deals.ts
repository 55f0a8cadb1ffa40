import { and, eq, inArray } from 'drizzle-orm';
import type { CanonicalDeal } from '../../../connectors/contract';
import { contacts, crmDealContacts, crmDeals } from '../../db/schema';
import { applyDealChange } from '../crm/deal-rules';
import type { AppDeps } from '../deps';

export type DealCounts = { stored: number; unchanged: number; stale: number };

const sameSet = (a: Set<string>, b: string[]) => a.size === new Set(b).size && b.every((x) => a.has(x));

/**
 * Stores pulled deals through the deal rules (`applyDealChange` writes the deal and its contact links
 * under the deal's row lock and pauses, exits or resumes enrollments when the stage kind changes). A
 * deal we already hold in this version with the same contacts is left alone, so re-reading a page
 * (overlapping windows, a resumed run) costs one read.
 */
export async function storeDeals(
  deps: AppDeps,
  installationId: string,
  records: CanonicalDeal[],
): Promise<DealCounts> {
  const counts: DealCounts = { stored: 0, unchanged: 0, stale: 0 };
  if (records.length === 0) return counts;
  const db = deps.db;
  const externalIds = [...new Set(records.flatMap((r) => r.contactExternalIds))];
  const known = externalIds.length
    ? await db
        .select({ id: contacts.id, externalId: contacts.externalId })
        .from(contacts)
        .where(and(eq(contacts.installationId, installationId), inArray(contacts.externalId, externalIds)))
    : [];
  const contactId = new Map(known.map((k) => [k.externalId, k.id]));
  const dealIds = records.map((r) => r.externalId);
  const held = await db
    .select()
    .from(crmDeals)
    .where(and(eq(crmDeals.installationId, installationId), inArray(crmDeals.externalId, dealIds)));
  const links = await db
    .select()
    .from(crmDealContacts)
    .where(
      and(
        eq(crmDealContacts.installationId, installationId),
        inArray(crmDealContacts.dealExternalId, dealIds),
      ),
    );
  const byId = new Map(held.map((h) => [h.externalId, h]));
  const linked = new Map<string, Set<string>>();
  for (const l of links)
    linked.set(l.dealExternalId, (linked.get(l.dealExternalId) ?? new Set()).add(l.contactId));
  for (const deal of records) {
    const occurredAt = new Date(deal.updatedAt);
    const ids = deal.contactExternalIds.flatMap((e) => contactId.get(e) ?? []);
    const mine = byId.get(deal.externalId);
    const same =
      mine &&
      !mine.deletedAt &&
      mine.crmUpdatedAt.getTime() === occurredAt.getTime() &&
      mine.stageId === deal.stageId &&
      sameSet(linked.get(deal.externalId) ?? new Set(), ids);
    if (same) {
      counts.unchanged += 1;
      continue;
    }
    const outcome = await applyDealChange(deps, installationId, {
      externalId: deal.externalId,
      pipelineId: deal.pipelineId,
      stageId: deal.stageId,
      contactIds: ids,
      occurredAt,
    });
    if (outcome === 'stale') counts.stale += 1;
    else counts.stored += 1;
  }
  return counts;
}
