import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';
import { newId } from '../../lib/ids';

/**
 * One row per portal, whatever the number of callbacks: the unique (crm, external_id) index turns a
 * second insert into an update of the tokens, which also reconnects a disconnected portal.
 */
export async function upsertHubSpotInstallation(
  db: Queryable,
  input: { hubId: number; name: string; sealed: string; expiresAt: Date },
): Promise<{ id: string; created: boolean }> {
  const [row] = await db
    .insert(installations)
    .values({
      id: newId('ins'),
      name: input.name,
      crm: 'hubspot',
      externalId: String(input.hubId),
      credentialsSealed: input.sealed,
      tokenExpiresAt: input.expiresAt,
      connectionStatus: 'connected',
    })
    .onConflictDoUpdate({
      target: [installations.crm, installations.externalId],
      set: {
        name: input.name,
        credentialsSealed: input.sealed,
        tokenExpiresAt: input.expiresAt,
        connectionStatus: 'connected',
        disconnectedReason: null,
        disconnectedAt: null,
      },
    })
    // xmax is 0 only on a row this statement inserted.
    .returning({ id: installations.id, created: sql<boolean>`(xmax = 0)` });
  return row!;
}
