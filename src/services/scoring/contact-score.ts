import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { getLiveContact } from '../../db/queries/contacts';
import { contactScores, scoreModelVersions } from '../../db/schema';
import { type Contribution, type ScoreResult, scoreContact } from '../../domain/scoring/evaluate';
import { explainScore } from '../../domain/scoring/explain';
import { type ThresholdStates, thresholdStatesSchema } from '../../domain/scoring/thresholds';
import { err, ok, type Result } from '../../lib/result';
import { getActiveModel, parseStoredDefinition } from './models';
import { contactProperties, lastEventAt, loadScoreEvents } from './score-inputs';

export type ContactScore = {
  contactId: string;
  modelId: string;
  modelVersionId: string;
  modelVersion: number;
  score: number;
  /** False when the contact has not been scored yet and this was computed for the answer only. */
  stored: boolean;
  computedAt: Date;
  lastEventAt: Date | null;
  thresholds: Array<{
    id: string;
    label: string;
    score: number;
    state: 'above' | 'below';
    crossings: number;
  }>;
  topContributions: Contribution[];
  explanation: string[];
};

export type ContactScoreError = { code: 'contact_not_found' } | { code: 'no_model' };

const topCount = 10;

/**
 * The stored score explained with the version that produced it (every score records it), so the
 * sentences always add up to the number shown.
 */
export async function getContactScore(
  db: Queryable,
  params: { installationId: string; contactId: string },
  now: Date,
): Promise<Result<ContactScore, ContactScoreError>> {
  const contact = await getLiveContact(db, params);
  if (!contact) return err({ code: 'contact_not_found' });
  const active = await getActiveModel(db, params.installationId);
  if (!active) return err({ code: 'no_model' });
  const [row] = await db
    .select({
      score: contactScores,
      version: scoreModelVersions.version,
      definition: scoreModelVersions.definition,
    })
    .from(contactScores)
    .innerJoin(scoreModelVersions, eq(scoreModelVersions.id, contactScores.modelVersionId))
    .where(
      and(
        eq(contactScores.installationId, params.installationId),
        eq(contactScores.contactId, contact.id),
        eq(contactScores.modelId, active.modelId),
      ),
    );

  if (row) {
    const model = parseStoredDefinition(row.score.modelVersionId, row.definition);
    const result: ScoreResult = {
      score: row.score.score,
      contributions: row.score.breakdown as unknown as Contribution[],
      asOf: row.score.computedAt,
      ignoredMachineEvents: row.score.ignoredMachineEvents,
    };
    const state = thresholdStatesSchema.safeParse(row.score.thresholdState);
    return ok({
      contactId: contact.id,
      modelId: active.modelId,
      modelVersionId: row.score.modelVersionId,
      modelVersion: row.version,
      score: result.score,
      stored: true,
      computedAt: row.score.computedAt,
      lastEventAt: row.score.lastEventAt,
      thresholds: thresholdsOf(model.thresholds, state.success ? state.data : {}),
      topContributions: result.contributions.slice(0, topCount),
      explanation: explainScore(result, model),
    });
  }

  // Not scored yet (its recompute is still queued): answer with the live version, write nothing.
  const events = (await loadScoreEvents(db, { ...params, contactIds: [contact.id] })).get(contact.id) ?? [];
  const result = scoreContact({
    events,
    properties: contactProperties(contact),
    model: active.definition,
    now,
  });
  return ok({
    contactId: contact.id,
    modelId: active.modelId,
    modelVersionId: active.versionId,
    modelVersion: active.version,
    score: result.score,
    stored: false,
    computedAt: now,
    lastEventAt: lastEventAt(events, now),
    thresholds: thresholdsOf(active.definition.thresholds, {}, result.score),
    topContributions: result.contributions.slice(0, topCount),
    explanation: explainScore(result, active.definition),
  });
}

function thresholdsOf(
  thresholds: ReadonlyArray<{ id: string; label: string; score: number }>,
  state: ThresholdStates,
  score?: number,
): ContactScore['thresholds'] {
  return thresholds.map((t) => {
    const s = state[t.id];
    const fallback = score !== undefined && score >= t.score ? 'above' : 'below';
    return {
      id: t.id,
      label: t.label,
      score: t.score,
      state: s?.state ?? fallback,
      crossings: s?.crossings ?? 0,
    };
  });
}
