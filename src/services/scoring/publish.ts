import { and, eq, sql } from 'drizzle-orm';
import { liveContactPages } from '../../db/queries/contacts';
import { scoreModels, scoreModelVersions } from '../../db/schema';
import { renderModelMarkdown } from '../../domain/scoring/document';
import { parseScoringModel, type ScoringModelIssue } from '../../domain/scoring/model';
import { newId } from '../../lib/ids';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { requestRescoreMany } from './rescore';
import { webhookTargetIssues } from './webhook-target';

export type PublishModelError =
  | { code: 'not_found' }
  | { code: 'invalid_draft'; issues: ScoringModelIssue[] };

export type Published = { versionId: string; version: number; rescoring: number };

const pageSize = 1000;

/**
 * Validates the draft and snapshots it into an immutable version with its rendered document, makes
 * it the active version, and asks for every contact of the installation to be rescored under it,
 * all in one transaction: a version is never active without its rescore queued.
 */
export async function publishModel(
  deps: AppDeps,
  params: { installationId: string; modelId: string },
): Promise<Result<Published, PublishModelError>> {
  return deps.db.transaction(async (tx) => {
    const [model] = await tx
      .select()
      .from(scoreModels)
      .where(and(eq(scoreModels.installationId, params.installationId), eq(scoreModels.id, params.modelId)))
      .for('update'); // serialises concurrent publishes of one model
    if (!model) return err({ code: 'not_found' as const });
    const parsed = parseScoringModel(model.draft);
    if (!parsed.ok) return err({ code: 'invalid_draft' as const, issues: parsed.error.issues });
    // Webhook hosts are resolved now: a URL that reaches this network's own services is refused.
    const targetIssues = await webhookTargetIssues(deps.config, parsed.value);
    if (targetIssues.length > 0) return err({ code: 'invalid_draft' as const, issues: targetIssues });

    const now = deps.clock.now();
    const [latest] = await tx
      .select({ n: sql<number>`coalesce(max(${scoreModelVersions.version}), 0)::int` })
      .from(scoreModelVersions)
      .where(
        and(
          eq(scoreModelVersions.installationId, params.installationId),
          eq(scoreModelVersions.modelId, model.id),
        ),
      );
    const version = (latest?.n ?? 0) + 1;
    const versionId = newId('mdv');
    await tx.insert(scoreModelVersions).values({
      id: versionId,
      installationId: params.installationId,
      modelId: model.id,
      version,
      definition: parsed.value as unknown as Record<string, unknown>,
      documentMarkdown: renderModelMarkdown({ model: parsed.value, version, publishedAt: now }),
      publishedAt: now,
    });
    await tx
      .update(scoreModels)
      .set({ activeVersionId: versionId, updatedAt: now })
      .where(eq(scoreModels.id, model.id));

    // Keyset pages keep each statement small however many contacts the installation has.
    let rescoring = 0;
    for await (const page of liveContactPages(tx, params.installationId, pageSize)) {
      rescoring += await requestRescoreMany(deps, tx, {
        installationId: params.installationId,
        contactIds: page.map((c) => c.id),
        reason: `model:v${version}`,
      });
    }
    return ok({ versionId, version, rescoring });
  });
}
