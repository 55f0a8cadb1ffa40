import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { lockEnrollment } from '../../db/queries/enrollments';
import { enrollments, sequenceVersions } from '../../db/schema';
import { type ContactEffect, type DealStageSettings, lostPolicy } from '../../domain/crm/deal-rules';
import type { AppDeps } from '../deps';
import { exitEnrollment } from '../sequences/exit';
import { pauseEnrollment, resumeEnrollment } from '../sequences/pause';
import { heldContacts } from './deal-hold';

export type DealRef = { externalId: string; pipelineId: string; stageId: string };

const ACTOR = 'crm';

/**
 * Applies each contact's effect to its live enrollments, locked one by one in id order. The caller
 * holds the contacts' deal locks and has written the deal and its links, so "another deal still
 * holds the contact" reads the committed truth. Returns how many enrollments changed.
 */
export async function applyContactEffects(
  deps: AppDeps,
  tx: Queryable,
  input: {
    installationId: string;
    deal: DealRef;
    settings: DealStageSettings;
    effects: ReadonlyMap<string, ContactEffect>;
  },
): Promise<number> {
  const { installationId, deal, settings, effects } = input;
  const contactIds = [...effects.keys()];
  if (contactIds.length === 0) return 0;
  const resuming = contactIds.filter((id) => effects.get(id) === 'lost' || effects.get(id) === 'release');
  const held = await heldContacts(tx, settings, installationId, resuming);
  const live = await tx
    .select({
      id: enrollments.id,
      contactId: enrollments.contactId,
      dealLost: sql<unknown>`${sequenceVersions.definition} -> 'dealLost'`,
    })
    .from(enrollments)
    .innerJoin(sequenceVersions, eq(sequenceVersions.id, enrollments.sequenceVersionId))
    .where(
      and(
        eq(enrollments.installationId, installationId),
        inArray(enrollments.contactId, contactIds),
        sql`${enrollments.status} in ('active', 'paused')`,
      ),
    )
    .orderBy(enrollments.id); // a fixed lock order keeps concurrent writers from deadlocking
  const data = { deal: deal.externalId, pipeline: deal.pipelineId, stage: deal.stageId };
  const note = `deal ${deal.externalId} in stage ${deal.stageId} of pipeline ${deal.pipelineId}`;
  let changed = 0;
  for (const row of live) {
    const effect = effects.get(row.contactId) ?? 'none';
    const e = await lockEnrollment(tx, row.id);
    if (!e || (e.status !== 'active' && e.status !== 'paused')) continue;
    const pausedByDeal = e.status === 'paused' && e.pauseReason === 'deal_in_progress';
    const resume = async (reason: string) => {
      if (!pausedByDeal || held.has(row.contactId)) return false;
      const r = await resumeEnrollment(deps, tx, e.id, {
        actor: ACTOR,
        reason,
        onlyReason: 'deal_in_progress',
      });
      return r.ok;
    };
    const exit = async (reason: 'deal_won' | 'deal_lost') => {
      const r = await exitEnrollment(
        deps,
        tx,
        e.id,
        { type: 'remove', reason },
        { reason, actor: ACTOR, data },
      );
      return r.ok;
    };
    let done = false;
    switch (effect) {
      case 'pause':
        // Only running ones: an out-of-office or a manual pause keeps its own reason and end.
        if (e.status === 'active') {
          const r = await pauseEnrollment(deps, tx, e.id, { reason: 'deal_in_progress', actor: ACTOR, note });
          done = r.ok;
        }
        break;
      case 'won':
        done = await exit('deal_won');
        break;
      case 'lost':
        done =
          lostPolicy(settings, deal.pipelineId, row.dealLost) === 'exit'
            ? await exit('deal_lost')
            : await resume('deal_lost');
        break;
      case 'release':
        done = await resume('deal_not_in_progress');
        break;
      case 'none':
        break;
    }
    if (done) changed++;
  }
  return changed;
}
