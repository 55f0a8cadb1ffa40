import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';

/** Merges into `settings.<crm>`, keeping the keys other code stored there (stages, apiShare, ...). */
export async function mergeCrmSettings(
  db: Queryable,
  installationId: string,
  crm: 'hubspot' | 'salesforce',
  values: Record<string, unknown>,
): Promise<void> {
  await db
    .update(installations)
    .set({
      settings: sql`jsonb_set(${installations.settings}, ${`{${crm}}`}::text[], coalesce(${installations.settings}->${crm}, '{}'::jsonb) || ${JSON.stringify(values)}::jsonb)`,
    })
    .where(eq(installations.id, installationId));
}
