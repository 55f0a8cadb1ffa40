import { and, eq, inArray } from 'drizzle-orm';
import { liveContactPages } from '../../db/queries/contacts';
import { contactScores } from '../../db/schema';
import { scoreContact } from '../../domain/scoring/evaluate';
import { parseScoringModel } from '../../domain/scoring/model';
import type { AppDeps } from '../deps';
import { getModel } from '../scoring/models';
import { contactProperties, loadScoreEvents } from '../scoring/score-inputs';

export type ScoreDistribution = {
  /** The live score of every contact (0 when never scored), as the replay counts it. */
  now: number[];
  /** The score of every contact under the draft. */
  draft: number[];
};

const pageSize = 500;

/**
 * Every contact's score now and under the draft, for the what-if histogram. The replay service only
 * returns counts and the ten biggest changes, so this reads the same inputs the same way (a
 * read-only snapshot) and keeps each pair of scores. Null when the model is unknown or the draft
 * does not parse (the page shows the draft's issues instead).
 */
export async function loadScoreDistribution(
  deps: AppDeps,
  params: { installationId: string; modelId: string },
): Promise<ScoreDistribution | null> {
  const model = await getModel(deps.db, { installationId: params.installationId, id: params.modelId });
  if (!model) return null;
  const draft = parseScoringModel(model.draft);
  if (!draft.ok) return null;
  const now = deps.clock.now();
  return deps.db.transaction(
    async (tx) => {
      const out: ScoreDistribution = { now: [], draft: [] };
      for await (const page of liveContactPages(tx, params.installationId, pageSize)) {
        const ids = page.map((c) => c.id);
        const events = await loadScoreEvents(tx, { installationId: params.installationId, contactIds: ids });
        const live = new Map(
          (
            await tx
              .select({ contactId: contactScores.contactId, score: contactScores.score })
              .from(contactScores)
              .where(
                and(
                  eq(contactScores.installationId, params.installationId),
                  eq(contactScores.modelId, model.id),
                  inArray(contactScores.contactId, ids),
                ),
              )
          ).map((s) => [s.contactId, s.score]),
        );
        for (const contact of page) {
          out.now.push(live.get(contact.id) ?? 0);
          out.draft.push(
            scoreContact({
              events: events.get(contact.id) ?? [],
              properties: contactProperties(contact),
              model: draft.value,
              now,
            }).score,
          );
        }
      }
      return out;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
