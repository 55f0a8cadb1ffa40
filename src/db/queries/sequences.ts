import { and, eq } from 'drizzle-orm';
import type { PublishedDefinition } from '../../domain/sequences/definition';
import type { Queryable } from '../client';
import { sequenceVersions } from '../schema';

export type VersionRow = Omit<typeof sequenceVersions.$inferSelect, 'definition'> & {
  definition: PublishedDefinition;
};

// Versions are immutable (invariant 4), so caching them by id can never serve stale content.
const versionCache = new Map<string, VersionRow>();

export async function getVersion(db: Queryable, id: string): Promise<VersionRow | null> {
  const cached = versionCache.get(id);
  if (cached) return cached;
  const rows = await db.select().from(sequenceVersions).where(eq(sequenceVersions.id, id));
  const row = rows[0] as VersionRow | undefined;
  if (!row) return null;
  if (versionCache.size > 1000) versionCache.clear();
  versionCache.set(id, row);
  return row;
}

export async function listVersions(db: Queryable, params: { installationId: string; sequenceId: string }) {
  return db
    .select({
      id: sequenceVersions.id,
      version: sequenceVersions.version,
      publishedAt: sequenceVersions.publishedAt,
      definition: sequenceVersions.definition,
    })
    .from(sequenceVersions)
    .where(
      and(
        eq(sequenceVersions.installationId, params.installationId),
        eq(sequenceVersions.sequenceId, params.sequenceId),
      ),
    )
    .orderBy(sequenceVersions.version);
}
