import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, crmDealContacts, crmDeals } from '../../db/schema';
import { type ContactEffect, contactEffect, type StageKind, stageKind } from '../../domain/crm/deal-rules';
import type { AppDeps } from '../deps';
import { applyContactEffects } from './deal-effects';
import { lockContactsForDeals } from './deal-hold';
import { getDealStageSettings, listPipelines } from './deal-settings';

export type DealChange = {
  externalId: string;
  pipelineId: string;
  stageId: string;
  /** Our contact ids associated with the deal, when the change carries them (else the stored links). */
  contactIds?: string[];
  /** The CRM's modification time: an older change than the stored one is ignored. */
  occurredAt: Date;
};

/**
 * A deal entering an open stage pauses the live enrollments of its contacts (`deal_in_progress`);
 * closed-won exits them; closed-lost resumes or exits them, per sequence. One transaction: the
 * deal row (locked, so changes of one deal apply one after the other), its links, then the
 * enrollments. Only a change of a contact's stage kind acts (see `contactEffect`): a repeated or
 * open-to-open change writes the deal and touches no enrollment (`ignored` when nothing changed).
 */
export async function applyDealChange(
  deps: AppDeps,
  installationId: string,
  change: DealChange,
): Promise<'applied' | 'stale' | 'ignored'> {
  return deps.db.transaction(async (tx) => {
    const prev = await writeDeal(tx, installationId, change);
    if (prev === 'stale') return 'stale';
    const oldLinks = await linkedContacts(tx, installationId, change.externalId);
    const newLinks = change.contactIds
      ? await relink(tx, installationId, change.externalId, change.contactIds, oldLinks)
      : oldLinks;
    const settings = await getDealStageSettings(tx, installationId);
    const pipelines = new Map((await listPipelines(tx, installationId)).map((p) => [p.id, p]));
    const kindOf = (d: { pipelineId: string; stageId: string }): StageKind =>
      stageKind(settings, pipelines.get(d.pipelineId), d.stageId);
    const from: StageKind = prev && !prev.deletedAt ? kindOf(prev) : 'none';
    const to = kindOf(change);
    const effects = new Map<string, ContactEffect>();
    for (const id of new Set([...oldLinks, ...newLinks])) {
      const effect = contactEffect(oldLinks.has(id) ? from : 'none', newLinks.has(id) ? to : 'none');
      if (effect !== 'none') effects.set(id, effect);
    }
    await lockContactsForDeals(tx, installationId, [...effects.keys()]);
    const changed = await applyContactEffects(deps, tx, {
      installationId,
      deal: change,
      settings,
      effects,
    });
    const moved = !prev || prev.pipelineId !== change.pipelineId || prev.stageId !== change.stageId;
    const relinked = newLinks.size !== oldLinks.size || [...newLinks].some((id) => !oldLinks.has(id));
    return changed > 0 || moved || relinked ? 'applied' : 'ignored';
  });
}

type DealRow = typeof crmDeals.$inferSelect;

/** Inserts or updates the deal under its row lock; the stored version before, or `stale`. */
async function writeDeal(
  tx: Queryable,
  installationId: string,
  change: DealChange,
): Promise<DealRow | null | 'stale'> {
  const values = {
    pipelineId: change.pipelineId,
    stageId: change.stageId,
    crmUpdatedAt: change.occurredAt,
    deletedAt: null,
  };
  const inserted = await tx
    .insert(crmDeals)
    .values({ installationId, externalId: change.externalId, ...values })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return null;
  const where = and(eq(crmDeals.installationId, installationId), eq(crmDeals.externalId, change.externalId));
  const [prev] = await tx.select().from(crmDeals).where(where).for('update');
  if (!prev) throw new Error(`deal ${change.externalId} vanished under its insert`);
  if (change.occurredAt < prev.crmUpdatedAt) return 'stale';
  await tx.update(crmDeals).set(values).where(where);
  return prev;
}

async function linkedContacts(tx: Queryable, installationId: string, dealId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ contactId: crmDealContacts.contactId })
    .from(crmDealContacts)
    .where(
      and(eq(crmDealContacts.installationId, installationId), eq(crmDealContacts.dealExternalId, dealId)),
    );
  return new Set(rows.map((r) => r.contactId));
}

/** Replaces the deal's links with the given contacts of this installation (unknown ids are skipped). */
async function relink(
  tx: Queryable,
  installationId: string,
  dealId: string,
  contactIds: readonly string[],
  old: ReadonlySet<string>,
): Promise<Set<string>> {
  const known =
    contactIds.length === 0
      ? []
      : await tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.installationId, installationId), inArray(contacts.id, [...contactIds])));
  const next = new Set(known.map((c) => c.id));
  const scope = and(
    eq(crmDealContacts.installationId, installationId),
    eq(crmDealContacts.dealExternalId, dealId),
  );
  if ([...old].some((id) => !next.has(id))) {
    await tx
      .delete(crmDealContacts)
      .where(next.size === 0 ? scope : and(scope, notInArray(crmDealContacts.contactId, [...next])));
  }
  const added = [...next].filter((id) => !old.has(id)).sort();
  if (added.length > 0) {
    await tx
      .insert(crmDealContacts)
      .values(added.map((contactId) => ({ installationId, dealExternalId: dealId, contactId })))
      .onConflictDoNothing();
  }
  return next;
}
