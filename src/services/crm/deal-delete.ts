import { and, eq } from 'drizzle-orm';
import { crmDealContacts, crmDeals } from '../../db/schema';
import { type ContactEffect, contactEffect, stageKind } from '../../domain/crm/deal-rules';
import type { AppDeps } from '../deps';
import { applyContactEffects } from './deal-effects';
import { lockContactsForDeals } from './deal-hold';
import { getDealStageSettings, listPipelines } from './deal-settings';

/**
 * A deal deleted in the CRM stops holding its contacts: those it paused resume unless another
 * deal still holds them. The row and its links stay (marked `deleted_at`), so a restore, which
 * arrives as a newer `applyDealChange`, pauses them again. A deletion older than the version we
 * hold (deleted, restored, edited) is `stale`; a deal we never stored is `ignored`.
 */
export async function applyDealDeletion(
  deps: AppDeps,
  installationId: string,
  change: { externalId: string; occurredAt: Date },
): Promise<'applied' | 'stale' | 'ignored'> {
  return deps.db.transaction(async (tx) => {
    const where = and(
      eq(crmDeals.installationId, installationId),
      eq(crmDeals.externalId, change.externalId),
    );
    const [deal] = await tx.select().from(crmDeals).where(where).for('update');
    if (!deal || deal.deletedAt) return 'ignored';
    if (change.occurredAt < deal.crmUpdatedAt) return 'stale';
    // crm_updated_at stays the version's time: a restored version must not look older than the deletion.
    await tx.update(crmDeals).set({ deletedAt: change.occurredAt }).where(where);
    const settings = await getDealStageSettings(tx, installationId);
    const pipelines = new Map((await listPipelines(tx, installationId)).map((p) => [p.id, p]));
    const effect = contactEffect(stageKind(settings, pipelines.get(deal.pipelineId), deal.stageId), 'none');
    const links = await tx
      .select({ contactId: crmDealContacts.contactId })
      .from(crmDealContacts)
      .where(
        and(
          eq(crmDealContacts.installationId, installationId),
          eq(crmDealContacts.dealExternalId, change.externalId),
        ),
      );
    const effects = new Map<string, ContactEffect>(
      effect === 'none' ? [] : links.map((l) => [l.contactId, effect] as const),
    );
    await lockContactsForDeals(tx, installationId, [...effects.keys()]);
    await applyContactEffects(deps, tx, { installationId, deal, settings, effects });
    return 'applied';
  });
}
