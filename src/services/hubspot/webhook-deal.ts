import { and, eq } from 'drizzle-orm';
import type { ChangeEvent } from '../../../connectors/hubspot/webhook-events';
import { contacts, crmDealContacts, crmDeals } from '../../db/schema';
import { applyDealChange } from '../crm/deal-rules';
import type { AppDeps } from '../deps';
import { newerApplied, type Outcome, type StoredEvent, samePair, sameProperty } from './webhook-store';

type DealProperty = Extract<ChangeEvent, { kind: 'deal_changed' }>;
type Association = Extract<ChangeEvent, { kind: 'association_changed' }>;

async function storedDeal(deps: AppDeps, installationId: string, externalId: string) {
  const [row] = await deps.db
    .select()
    .from(crmDeals)
    .where(and(eq(crmDeals.installationId, installationId), eq(crmDeals.externalId, externalId)));
  return row ?? null;
}

/**
 * dealstage or pipeline changed. HubSpot sends a pipeline move as two events (pipeline, dealstage)
 * at the same instant: `sibling` is the other one when it is pending too, so both apply as one
 * change. A deal we hold no row of, with only one half known, waits for the sync (`needs_fetch`).
 */
export async function applyDealProperty(
  deps: AppDeps,
  stored: StoredEvent,
  e: DealProperty,
  sibling: DealProperty | undefined,
): Promise<Outcome> {
  if (e.property !== 'dealstage' && e.property !== 'pipeline') return 'ignored';
  if (await newerApplied(deps.db, stored, sameProperty(e.externalId, e.property), ['deal.propertyChange']))
    return 'stale';
  const deal = await storedDeal(deps, stored.installationId, e.externalId);
  const value = (name: string) =>
    e.property === name ? e.value : sibling?.property === name ? sibling.value : undefined;
  const pipelineId = value('pipeline') ?? deal?.pipelineId;
  const stageId = value('dealstage') ?? deal?.stageId;
  if (!pipelineId || !stageId) return 'needs_fetch';
  if (deal?.deletedAt) return 'deleted';
  return applyDealChange(deps, stored.installationId, {
    externalId: e.externalId,
    pipelineId,
    stageId,
    occurredAt: new Date(e.occurredAt),
  });
}

/** A contact linked to or unlinked from a deal, reported from either side. */
export async function applyAssociation(deps: AppDeps, stored: StoredEvent, e: Association): Promise<Outcome> {
  const type = e.associationType.toUpperCase();
  const sides =
    e.objectType === 'deal' && type.includes('CONTACT')
      ? { deal: e.externalId, contact: e.toExternalId }
      : e.objectType === 'contact' && type.includes('DEAL')
        ? { deal: e.toExternalId, contact: e.externalId }
        : null;
  if (!sides) return 'ignored';
  const types = ['contact.associationChange', 'deal.associationChange'];
  if (await newerApplied(deps.db, stored, samePair(sides.deal, sides.contact), types)) return 'stale';
  const deal = await storedDeal(deps, stored.installationId, sides.deal);
  const [contact] = await deps.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.installationId, stored.installationId), eq(contacts.externalId, sides.contact)));
  if (!deal || !contact) return 'needs_fetch';
  if (deal.deletedAt) return 'deleted';
  const links = await deps.db
    .select({ contactId: crmDealContacts.contactId })
    .from(crmDealContacts)
    .where(
      and(
        eq(crmDealContacts.installationId, stored.installationId),
        eq(crmDealContacts.dealExternalId, sides.deal),
      ),
    );
  const contactIds = new Set(links.map((l) => l.contactId));
  if (e.removed) contactIds.delete(contact.id);
  else contactIds.add(contact.id);
  // A link says nothing about the stage: the deal keeps its version time, so a stage change older
  // than this link but newer than the stage we hold still applies (links are ordered by samePair).
  return applyDealChange(deps, stored.installationId, {
    externalId: sides.deal,
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    contactIds: [...contactIds],
    occurredAt: deal.crmUpdatedAt,
  });
}

/**
 * A deleted deal holds nobody: its contacts are unlinked through the deal rules (a pause it caused
 * is released unless another deal still holds the contact), then the deal is marked deleted.
 * A deletion older than the version we hold means the deal came back since (`stale`).
 */
export async function applyDealDeleted(deps: AppDeps, stored: StoredEvent, e: ChangeEvent): Promise<Outcome> {
  const deal = await storedDeal(deps, stored.installationId, e.externalId);
  if (!deal) return 'ignored';
  if (deal.deletedAt) return 'applied';
  const occurredAt = new Date(e.occurredAt);
  if (occurredAt < deal.crmUpdatedAt) return 'stale';
  const { pipelineId, stageId } = deal;
  await applyDealChange(deps, stored.installationId, {
    externalId: e.externalId,
    pipelineId,
    stageId,
    contactIds: [],
    occurredAt,
  });
  await deps.db
    .update(crmDeals)
    .set({ deletedAt: occurredAt })
    .where(and(eq(crmDeals.installationId, stored.installationId), eq(crmDeals.externalId, e.externalId)));
  return 'applied';
}
