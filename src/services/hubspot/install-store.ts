import { and, eq, sql } from 'drizzle-orm';
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

/** Why a console-started install cannot connect its installation (the route answers 409). */
export type BindRefusal = { code: 'installation_conflict'; message: string };

/**
 * A console-started install: the signed-in installation gets the portal when it has no CRM yet, or
 * already is that portal. A portal that belongs to another installation, or an installation bound
 * to something else, is refused: tenants' data is never moved or merged.
 */
export async function bindHubSpotInstallation(
  db: Queryable,
  input: { installationId: string; hubId: number; sealed: string; expiresAt: Date },
): Promise<{ ok: true; row: { id: string; created: boolean } } | ({ ok: false } & BindRefusal)> {
  const portal = String(input.hubId);
  const refuse = (message: string) => ({
    ok: false as const,
    code: 'installation_conflict' as const,
    message,
  });
  // Locked: two callbacks for the same installation must not both pass the check.
  const [target] = await db
    .select({ id: installations.id, crm: installations.crm, externalId: installations.externalId })
    .from(installations)
    .where(eq(installations.id, input.installationId))
    .for('update');
  if (!target) return refuse('The installation this console session belongs to no longer exists');
  const same = target.crm === 'hubspot' && target.externalId === portal;
  if (!same && (target.crm !== 'none' || target.externalId !== null))
    return refuse(
      target.crm === 'hubspot'
        ? `This installation is connected to HubSpot portal ${target.externalId}, not portal ${portal}`
        : `This installation is connected to ${target.crm}; it cannot also connect HubSpot portal ${portal}`,
    );
  if (!same) {
    const [owner] = await db
      .select({ id: installations.id })
      .from(installations)
      .where(and(eq(installations.crm, 'hubspot'), eq(installations.externalId, portal)));
    if (owner) return refuse(portalTaken(portal));
  }
  try {
    await db
      .update(installations)
      .set({
        crm: 'hubspot',
        externalId: portal,
        credentialsSealed: input.sealed,
        tokenExpiresAt: input.expiresAt,
        connectionStatus: 'connected',
        disconnectedReason: null,
        disconnectedAt: null,
      })
      .where(eq(installations.id, target.id));
  } catch (error) {
    // Another installation took the portal between the check and the update (unique index).
    if (isUniqueViolation(error)) return refuse(portalTaken(portal));
    throw error;
  }
  return { ok: true, row: { id: target.id, created: false } };
}

const portalTaken = (portal: string) =>
  `HubSpot portal ${portal} is already connected to another Tandem installation: sign in to that one, or disconnect it there first`;

/** Postgres 23505, whether the driver's error comes bare or wrapped by Drizzle as its cause. */
const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string })?.code === '23505' ||
  (error as { cause?: { code?: string } })?.cause?.code === '23505';
