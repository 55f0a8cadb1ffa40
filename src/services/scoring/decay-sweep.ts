import { and, eq, gt, isNotNull, lte, sql } from 'drizzle-orm';
import { contactScores, scoreModels } from '../../db/schema';
import type { AppDeps } from '../deps';
import { requestRescoreMany } from './rescore';

const pageSize = 1000;
/** A score computed this recently has not decayed enough to matter; skip it until the next sweep. */
const freshForMs = 10 * 60_000;

export type SweepResult = { installations: number; requested: number };

/**
 * The periodic decay sweep. Decay and `withinDays` windows change a score with no new event, so no
 * event will ever trigger the downward crossing: every contact whose score has a contribution (the
 * ones that can move with time) and was not computed in the last minutes gets a recompute, which
 * stores the decayed score and fires downward crossings like any other recompute.
 */
export async function sweepDecay(deps: AppDeps): Promise<SweepResult> {
  const staleBefore = new Date(deps.clock.now().getTime() - freshForMs);
  const models = await deps.db
    .select({ installationId: scoreModels.installationId, modelId: scoreModels.id })
    .from(scoreModels)
    .where(isNotNull(scoreModels.activeVersionId));
  let requested = 0;
  for (const model of models) {
    let after = '';
    for (;;) {
      const page = await deps.db
        .select({ contactId: contactScores.contactId })
        .from(contactScores)
        .where(
          and(
            eq(contactScores.installationId, model.installationId),
            eq(contactScores.modelId, model.modelId),
            sql`${contactScores.breakdown} <> '[]'::jsonb`,
            lte(contactScores.computedAt, staleBefore),
            gt(contactScores.contactId, after),
          ),
        )
        .orderBy(contactScores.contactId)
        .limit(pageSize);
      if (page.length === 0) break;
      // Each page commits on its own: a sweep that dies half-way has still queued what it reached.
      requested += await requestRescoreMany(deps, deps.db, {
        installationId: model.installationId,
        contactIds: page.map((p) => p.contactId),
        reason: 'decay',
      });
      after = page[page.length - 1]?.contactId ?? after;
      if (page.length < pageSize) break;
    }
  }
  return { installations: models.length, requested };
}
