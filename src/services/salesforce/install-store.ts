import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';
import { newId } from '../../lib/ids';

/**
 * One row per org, whatever the number of callbacks: the unique (crm, external_id) index turns a
 * second insert into an update of the tokens, which also reconnects a disconnected org.
 */
export async function upsertSalesforceInstallation(
  db: Queryable,
  input: { orgId: string; name: string; sealed: string },
): Promise<{ id: string; name: string; created: boolean; hadSecret: boolean }> {
  const tokens = {
    credentialsSealed: input.sealed,
    tokenExpiresAt: null, // Salesforce sends no expires_in: refresh happens on a 401
    connectionStatus: 'connected' as const,
  };
  const [row] = await db
    .insert(installations)
    .values({ id: newId('ins'), crm: 'salesforce', externalId: input.orgId, name: input.name, ...tokens })
    .onConflictDoUpdate({
      target: [installations.crm, installations.externalId],
      // The name stays: an operator may have renamed the installation.
      set: { ...tokens, disconnectedReason: null, disconnectedAt: null },
    })
    // xmax is 0 only on a row this statement inserted; the secret column is not touched here, so
    // RETURNING shows whether an earlier install issued one.
    .returning({
      id: installations.id,
      name: installations.name,
      created: sql<boolean>`(xmax = 0)`,
      hadSecret: sql<boolean>`(${installations.calloutSecretSealed} is not null)`,
    });
  return row!;
}
