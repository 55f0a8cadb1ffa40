import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { crmSyncState } from '../../db/schema';

/** What a CRM's pulls keep a cursor for (Salesforce adds leads, contact roles and deletions). */
export type SyncObject =
  | 'contacts'
  | 'deals'
  | 'owners'
  | 'reconcile'
  | 'leads'
  | 'contact_roles'
  | 'deletions';
export type SyncStateRow = typeof crmSyncState.$inferSelect;
export type SyncStatePatch = Partial<Omit<SyncStateRow, 'installationId' | 'object'>>;

export async function getSyncState(
  db: Queryable,
  installationId: string,
  object: SyncObject,
  options: { lock?: boolean } = {},
): Promise<SyncStateRow | null> {
  const query = db
    .select()
    .from(crmSyncState)
    .where(and(eq(crmSyncState.installationId, installationId), eq(crmSyncState.object, object)));
  const rows = options.lock ? await query.for('update') : await query;
  return rows[0] ?? null;
}

export async function listSyncStates(db: Queryable, installationId: string): Promise<SyncStateRow[]> {
  return db
    .select()
    .from(crmSyncState)
    .where(eq(crmSyncState.installationId, installationId))
    .orderBy(asc(crmSyncState.object));
}

/** Creates the row on first use; later calls change only the fields given. */
export async function saveSyncState(
  db: Queryable,
  installationId: string,
  object: SyncObject,
  patch: SyncStatePatch,
): Promise<SyncStateRow> {
  const [row] = await db
    .insert(crmSyncState)
    .values({ installationId, object, ...patch })
    .onConflictDoUpdate({ target: [crmSyncState.installationId, crmSyncState.object], set: patch })
    .returning();
  return row!;
}
