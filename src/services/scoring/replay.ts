import { and, eq, inArray } from 'drizzle-orm';
import { liveContactPages } from '../../db/queries/contacts';
import { contactScores } from '../../db/schema';
import { parseScoringModel, type ScoringModelIssue } from '../../domain/scoring/model';
import {
  mergeReplayResults,
  type ReplayContact,
  type ReplayResult,
  replayModel,
} from '../../domain/scoring/replay';
import { thresholdStatesSchema } from '../../domain/scoring/thresholds';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { getActiveModel, getModel } from './models';
import { contactProperties, loadScoreEvents } from './score-inputs';

export type ReplayReport = ReplayResult & {
  asOf: string;
  /** The live version the draft is compared with (null before the first publish). */
  comparedWith: { versionId: string; version: number } | null;
};

export type ReplayError = { code: 'not_found' } | { code: 'invalid_draft'; issues: ScoringModelIssue[] };

const pageSize = 500;

/**
 * What-if: scores every contact of the installation under the model's draft, from the stored
 * events, and compares with the live scores and threshold states. A read-only transaction: nothing
 * is written, no action fires, and every page reads the same snapshot.
 */
export async function replayDraft(
  deps: AppDeps,
  params: { installationId: string; modelId: string },
): Promise<Result<ReplayReport, ReplayError>> {
  const model = await getModel(deps.db, { installationId: params.installationId, id: params.modelId });
  if (!model) return err({ code: 'not_found' });
  const draft = parseScoringModel(model.draft);
  if (!draft.ok) return err({ code: 'invalid_draft', issues: draft.error.issues });
  const now = deps.clock.now();

  return deps.db.transaction(
    async (tx) => {
      const active = await getActiveModel(tx, params.installationId);
      const parts: ReplayResult[] = [];
      for await (const page of liveContactPages(tx, params.installationId, pageSize)) {
        const ids = page.map((c) => c.id);
        const events = await loadScoreEvents(tx, { installationId: params.installationId, contactIds: ids });
        const live = new Map(
          (
            await tx
              .select()
              .from(contactScores)
              .where(
                and(
                  eq(contactScores.installationId, params.installationId),
                  eq(contactScores.modelId, model.id),
                  inArray(contactScores.contactId, ids),
                ),
              )
          ).map((s) => [s.contactId, s]),
        );
        const batch: ReplayContact[] = page.map((contact) => {
          const current = live.get(contact.id);
          const state = thresholdStatesSchema.safeParse(current?.thresholdState ?? {});
          return {
            contactId: contact.id,
            events: events.get(contact.id) ?? [],
            properties: contactProperties(contact),
            ...(current ? { currentScore: current.score } : {}),
            ...(state.success ? { currentState: state.data } : {}),
          };
        });
        parts.push(replayModel({ contacts: batch, draft: draft.value, now }));
      }
      return ok({
        ...mergeReplayResults(draft.value, parts),
        asOf: now.toISOString(),
        comparedWith: active ? { versionId: active.versionId, version: active.version } : null,
      });
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
