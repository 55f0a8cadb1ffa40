import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { listVersions } from '../../db/queries/sequences';
import { sequences } from '../../db/schema';
import { newId } from '../../lib/ids';

export type SequenceRow = typeof sequences.$inferSelect;

export async function createSequence(
  db: Queryable,
  installationId: string,
  input: { name: string; draft: Record<string, unknown> },
  now: Date,
): Promise<SequenceRow> {
  const [row] = await db
    .insert(sequences)
    .values({
      id: newId('seq'),
      installationId,
      name: input.name,
      draft: input.draft,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

/** Editing the draft never touches published versions or running enrollments. */
export async function updateSequence(
  db: Queryable,
  params: { installationId: string; id: string },
  input: {
    name?: string | undefined;
    draft?: Record<string, unknown> | undefined;
    archived?: boolean | undefined;
  },
  now: Date,
): Promise<SequenceRow | null> {
  const [row] = await db
    .update(sequences)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.draft !== undefined ? { draft: input.draft } : {}),
      ...(input.archived !== undefined ? { archivedAt: input.archived ? now : null } : {}),
      updatedAt: now,
    })
    .where(and(eq(sequences.installationId, params.installationId), eq(sequences.id, params.id)))
    .returning();
  return row ?? null;
}

export async function getSequence(db: Queryable, params: { installationId: string; id: string }) {
  const rows = await db
    .select()
    .from(sequences)
    .where(and(eq(sequences.installationId, params.installationId), eq(sequences.id, params.id)));
  return rows[0] ?? null;
}

export async function listSequences(db: Queryable, installationId: string) {
  return db
    .select()
    .from(sequences)
    .where(eq(sequences.installationId, installationId))
    .orderBy(desc(sequences.createdAt));
}

/** A sequence's published versions; null when the installation has no such sequence. */
export async function listSequenceVersions(db: Queryable, params: { installationId: string; id: string }) {
  if (!(await getSequence(db, params))) return null;
  return listVersions(db, { installationId: params.installationId, sequenceId: params.id });
}
