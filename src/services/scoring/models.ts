import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { scoreModels, scoreModelVersions } from '../../db/schema';
import { parseScoringModel, type ScoringModel, type ScoringModelIssue } from '../../domain/scoring/model';
import { newId } from '../../lib/ids';
import { err, ok, type Result } from '../../lib/result';

export type ScoreModelRow = typeof scoreModels.$inferSelect;
export type ScoreModelVersionRow = typeof scoreModelVersions.$inferSelect;

/** A published version with its definition parsed (stored versions were valid when published). */
export type ActiveModel = {
  modelId: string;
  versionId: string;
  version: number;
  definition: ScoringModel;
};

export type CreateModelError = { code: 'model_exists'; modelId: string };

/** One model per installation (unique index); a second create points at the existing one. */
export async function createModel(
  db: Queryable,
  installationId: string,
  input: { name: string; draft: Record<string, unknown> },
  now: Date,
): Promise<Result<ScoreModelRow, CreateModelError>> {
  const [row] = await db
    .insert(scoreModels)
    .values({
      id: newId('mdl'),
      installationId,
      name: input.name,
      draft: input.draft,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: scoreModels.installationId })
    .returning();
  if (row) return ok(row);
  const [existing] = await listModels(db, installationId);
  if (!existing) throw new Error('score model conflict without an existing model');
  return err({ code: 'model_exists', modelId: existing.id });
}

/** Editing the draft never changes a published version or a stored score. */
export async function updateModel(
  db: Queryable,
  params: { installationId: string; id: string },
  input: { name?: string | undefined; draft?: Record<string, unknown> | undefined },
  now: Date,
): Promise<ScoreModelRow | null> {
  const [row] = await db
    .update(scoreModels)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.draft !== undefined ? { draft: input.draft } : {}),
      updatedAt: now,
    })
    .where(and(eq(scoreModels.installationId, params.installationId), eq(scoreModels.id, params.id)))
    .returning();
  return row ?? null;
}

export async function getModel(
  db: Queryable,
  params: { installationId: string; id: string },
): Promise<ScoreModelRow | null> {
  const rows = await db
    .select()
    .from(scoreModels)
    .where(and(eq(scoreModels.installationId, params.installationId), eq(scoreModels.id, params.id)));
  return rows[0] ?? null;
}

export async function listModels(db: Queryable, installationId: string): Promise<ScoreModelRow[]> {
  return db.select().from(scoreModels).where(eq(scoreModels.installationId, installationId));
}

export async function listModelVersions(
  db: Queryable,
  params: { installationId: string; modelId: string },
): Promise<ScoreModelVersionRow[]> {
  return db
    .select()
    .from(scoreModelVersions)
    .where(
      and(
        eq(scoreModelVersions.installationId, params.installationId),
        eq(scoreModelVersions.modelId, params.modelId),
      ),
    )
    .orderBy(desc(scoreModelVersions.version));
}

export async function getModelVersion(
  db: Queryable,
  params: { installationId: string; modelId: string; version: number },
): Promise<ScoreModelVersionRow | null> {
  const rows = await db
    .select()
    .from(scoreModelVersions)
    .where(
      and(
        eq(scoreModelVersions.installationId, params.installationId),
        eq(scoreModelVersions.modelId, params.modelId),
        eq(scoreModelVersions.version, params.version),
      ),
    );
  return rows[0] ?? null;
}

// Versions are immutable (invariant 4), so a cached parse can never be stale.
const parsedVersions = new Map<string, ScoringModel>();

/** The version in force for an installation's contacts, or null before the first publish. */
export async function getActiveModel(db: Queryable, installationId: string): Promise<ActiveModel | null> {
  const rows = await db
    .select({
      modelId: scoreModels.id,
      versionId: scoreModelVersions.id,
      version: scoreModelVersions.version,
      definition: scoreModelVersions.definition,
    })
    .from(scoreModels)
    .innerJoin(scoreModelVersions, eq(scoreModelVersions.id, scoreModels.activeVersionId))
    .where(
      and(
        eq(scoreModels.installationId, installationId),
        eq(scoreModelVersions.installationId, installationId),
      ),
    );
  const row = rows[0];
  if (!row) return null;
  return { ...row, definition: parseStoredDefinition(row.versionId, row.definition) };
}

export function parseStoredDefinition(versionId: string, definition: unknown): ScoringModel {
  const cached = parsedVersions.get(versionId);
  if (cached) return cached;
  const parsed = parseScoringModel(definition);
  // A stored version passed this check when it was published; failing now is a bug, not input.
  if (!parsed.ok)
    throw new Error(`stored score model version ${versionId} is invalid: ${parsed.error.message}`);
  if (parsedVersions.size > 1000) parsedVersions.clear();
  parsedVersions.set(versionId, parsed.value);
  return parsed.value;
}

/** Problems of the draft as it stands, so an editor can show them before publishing. */
export function draftIssues(draft: unknown): ScoringModelIssue[] {
  const parsed = parseScoringModel(draft);
  return parsed.ok ? [] : parsed.error.issues;
}

/** A threshold's label in the version that produced a crossing (versions are immutable). */
export async function thresholdLabel(
  db: Queryable,
  params: { installationId: string; modelVersionId: string; thresholdId: string },
): Promise<string> {
  const [version] = await db
    .select({ definition: scoreModelVersions.definition })
    .from(scoreModelVersions)
    .where(
      and(
        eq(scoreModelVersions.installationId, params.installationId),
        eq(scoreModelVersions.id, params.modelVersionId),
      ),
    );
  if (!version) return params.thresholdId;
  const model = parseStoredDefinition(params.modelVersionId, version.definition);
  return model.thresholds.find((t) => t.id === params.thresholdId)?.label ?? params.thresholdId;
}
