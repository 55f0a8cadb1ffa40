import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { getLiveContact } from '../../db/queries/contacts';
import { queuePropertyPush } from '../../db/queries/crm-push';
import { contactScores, scoreActions } from '../../db/schema';
import { type ScoreResult, scoreContact } from '../../domain/scoring/evaluate';
import {
  type Crossing,
  detectCrossings,
  seedThresholdStates,
  type ThresholdStates,
  thresholdStatesSchema,
} from '../../domain/scoring/thresholds';
import { enqueue } from '../../jobs/enqueue';
import { newId } from '../../lib/ids';
import { bandOf } from '../crm/property-push';
import type { AppDeps } from '../deps';
import { type ActiveModel, getActiveModel } from './models';
import { contactProperties, lastEventAt, loadScoreEvents } from './score-inputs';

export type RecomputeOutcome =
  | { status: 'no_model' }
  | { status: 'no_contact' }
  | { status: 'scored'; score: number; versionId: string; crossings: Crossing[]; actionsCreated: number };

/**
 * The recompute job: load the contact's events and properties, score them under the active version
 * as of the clock's `now`, store score + version + breakdown + threshold state, and record one
 * action row per action of each crossing, with its job, in the same transaction. Runs under a
 * per-contact lock, so two recomputes of one contact (a duplicate job, the sweep) serialise and the
 * second sees the first one's threshold state.
 */
export async function recomputeContact(
  deps: AppDeps,
  params: { installationId: string; contactId: string },
): Promise<RecomputeOutcome> {
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`score:${params.contactId}`}, 0))`);
    const model = await getActiveModel(tx, params.installationId);
    if (!model) return { status: 'no_model' as const };
    const contact = await getLiveContact(tx, params);
    if (!contact) return { status: 'no_contact' as const };
    const events = (await loadScoreEvents(tx, { ...params, contactIds: [contact.id] })).get(contact.id) ?? [];
    const now = deps.clock.now();
    const result = scoreContact({
      events,
      properties: contactProperties(contact),
      model: model.definition,
      now,
    });
    const [previous] = await tx
      .select({ score: contactScores.score, thresholdState: contactScores.thresholdState })
      .from(contactScores)
      .where(
        and(
          eq(contactScores.installationId, params.installationId),
          eq(contactScores.contactId, contact.id),
          eq(contactScores.modelId, model.modelId),
        ),
      );
    const stored = thresholdStatesSchema.safeParse(previous?.thresholdState ?? {});
    const detected = detectCrossings({
      contactId: contact.id,
      thresholds: model.definition.thresholds,
      previous: seedThresholdStates({
        thresholds: model.definition.thresholds,
        previous: stored.success ? stored.data : {},
        previousScore: previous?.score,
      }),
      score: result.score,
    });
    await storeScore(tx, {
      installationId: params.installationId,
      contactId: contact.id,
      model,
      result,
      state: detected.state,
      lastEventAt: lastEventAt(events, now),
      now,
    });
    const band = bandOf(model.definition.thresholds, detected.state);
    const previousBand = previous
      ? bandOf(model.definition.thresholds, stored.success ? stored.data : {})
      : null;
    if (!previous || previous.score !== result.score || previousBand !== band) {
      await queuePropertyPush(tx, {
        installationId: params.installationId,
        contactId: contact.id,
        properties: { tandem_score: result.score, tandem_band: band ?? '' },
        key: `score:${contact.id}:${model.versionId}:${now.getTime()}:${result.score}`,
        source: 'scoring',
        now,
      });
    }
    const actionsCreated = await recordActions(deps, tx, {
      installationId: params.installationId,
      contactId: contact.id,
      versionId: model.versionId,
      score: result.score,
      crossings: detected.crossings,
      now,
    });
    return {
      status: 'scored' as const,
      score: result.score,
      versionId: model.versionId,
      crossings: detected.crossings,
      actionsCreated,
    };
  });
}

async function storeScore(
  tx: Queryable,
  input: {
    installationId: string;
    contactId: string;
    model: ActiveModel;
    result: ScoreResult;
    state: ThresholdStates;
    lastEventAt: Date | null;
    now: Date;
  },
): Promise<void> {
  const values = {
    modelVersionId: input.model.versionId,
    score: input.result.score,
    breakdown: input.result.contributions as unknown as Record<string, unknown>[],
    thresholdState: input.state as Record<string, unknown>,
    ignoredMachineEvents: input.result.ignoredMachineEvents,
    lastEventAt: input.lastEventAt,
    computedAt: input.now,
  };
  await tx
    .insert(contactScores)
    .values({
      installationId: input.installationId,
      contactId: input.contactId,
      modelId: input.model.modelId,
      ...values,
    })
    .onConflictDoUpdate({ target: [contactScores.contactId, contactScores.modelId], set: values });
}

/**
 * One row per action of each crossing, keyed `<contact>:<threshold>:<direction>:<n>:<action index>`:
 * a retried or repeated recompute of the same crossing inserts nothing, so each action runs once.
 */
async function recordActions(
  deps: AppDeps,
  tx: Queryable,
  input: {
    installationId: string;
    contactId: string;
    versionId: string;
    score: number;
    crossings: ReadonlyArray<Crossing>;
    now: Date;
  },
): Promise<number> {
  let created = 0;
  for (const crossing of input.crossings) {
    for (const [index, action] of crossing.actions.entries()) {
      const [row] = await tx
        .insert(scoreActions)
        .values({
          id: newId('act'),
          installationId: input.installationId,
          contactId: input.contactId,
          modelVersionId: input.versionId,
          thresholdId: crossing.thresholdId,
          direction: crossing.direction,
          crossingNumber: crossing.crossingNumber,
          score: input.score,
          idempotencyKey: `${crossing.idempotencyKey}:${index}`,
          action: action as unknown as Record<string, unknown>,
          createdAt: input.now,
        })
        .onConflictDoNothing({ target: scoreActions.idempotencyKey })
        .returning({ id: scoreActions.id });
      if (!row) continue;
      await enqueue(deps.boss, tx, 'scoring.runAction', { actionId: row.id });
      created += 1;
    }
  }
  return created;
}
