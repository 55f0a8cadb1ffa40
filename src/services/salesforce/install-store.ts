import { and, eq, sql } from 'drizzle-orm';
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

/**
 * A console-started install: the signed-in installation gets the org when it has no CRM yet, or
 * already is that org. An org that belongs to another installation, or an installation bound to
 * something else, is refused with a message: tenants' data is never moved or merged.
 */
export async function bindSalesforceInstallation(
  db: Queryable,
  input: { installationId: string; orgId: string; sealed: string },
): Promise<
  | { ok: true; row: { id: string; name: string; created: boolean; hadSecret: boolean } }
  | { ok: false; message: string }
> {
  const refuse = (message: string) => ({ ok: false as const, message });
  // Locked: two callbacks for the same installation must not both pass the check.
  const [target] = await db
    .select({
      id: installations.id,
      name: installations.name,
      crm: installations.crm,
      externalId: installations.externalId,
      hadSecret: sql<boolean>`(${installations.calloutSecretSealed} is not null)`,
    })
    .from(installations)
    .where(eq(installations.id, input.installationId))
    .for('update');
  if (!target) return refuse('The installation this console session belongs to no longer exists');
  const same = target.crm === 'salesforce' && target.externalId === input.orgId;
  if (!same && (target.crm !== 'none' || target.externalId !== null))
    return refuse(
      target.crm === 'salesforce'
        ? `This installation is connected to Salesforce org ${target.externalId}, not org ${input.orgId}`
        : `This installation is connected to ${target.crm}; it cannot also connect Salesforce org ${input.orgId}`,
    );
  if (!same) {
    const [owner] = await db
      .select({ id: installations.id })
      .from(installations)
      .where(and(eq(installations.crm, 'salesforce'), eq(installations.externalId, input.orgId)));
    if (owner) return refuse(orgTaken(input.orgId));
  }
  try {
    await db
      .update(installations)
      .set({
        crm: 'salesforce',
        externalId: input.orgId,
        credentialsSealed: input.sealed,
        tokenExpiresAt: null, // Salesforce sends no expires_in: refresh happens on a 401
        connectionStatus: 'connected',
        disconnectedReason: null,
        disconnectedAt: null,
      })
      .where(eq(installations.id, target.id));
  } catch (error) {
    // Another installation took the org between the check and the update (unique index).
    if (isUniqueViolation(error)) return refuse(orgTaken(input.orgId));
    throw error;
  }
  return { ok: true, row: { id: target.id, name: target.name, created: false, hadSecret: target.hadSecret } };
}

const orgTaken = (orgId: string) =>
  `Salesforce org ${orgId} is already connected to another Tandem installation: sign in to that one, or disconnect it there first`;

/** Postgres 23505, whether the driver's error comes bare or wrapped by Drizzle as its cause. */
const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string })?.code === '23505' ||
  (error as { cause?: { code?: string } })?.cause?.code === '23505';
