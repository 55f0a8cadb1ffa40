import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { CanonicalOwner } from '../../../connectors/contract';
import type { CanonicalPipeline } from '../../../connectors/hubspot/mappers';
import type { Queryable } from '../../db/client';
import { crmOwners, crmPipelines, installations } from '../../db/schema';
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

/** Merges into `settings.hubspot`, keeping keys other code stored there. */
export async function mergeHubSpotSettings(
  db: Queryable,
  installationId: string,
  values: Record<string, unknown>,
): Promise<void> {
  await db
    .update(installations)
    .set({
      settings: sql`jsonb_set(${installations.settings}, '{hubspot}', coalesce(${installations.settings}->'hubspot', '{}'::jsonb) || ${JSON.stringify(values)}::jsonb)`,
    })
    .where(eq(installations.id, installationId));
}

/** The portal's deal pipelines as read now: pipelines it no longer has are removed. */
export async function replacePipelines(
  db: Queryable,
  installationId: string,
  pipelines: CanonicalPipeline[],
  now: Date,
): Promise<void> {
  const ids = pipelines.map((p) => p.id);
  await db
    .delete(crmPipelines)
    .where(
      and(
        eq(crmPipelines.installationId, installationId),
        ids.length ? notInArray(crmPipelines.externalId, ids) : undefined,
      ),
    );
  for (const p of pipelines) {
    const values = { label: p.label, stages: p.stages, updatedAt: now };
    await db
      .insert(crmPipelines)
      .values({ installationId, externalId: p.id, ...values })
      .onConflictDoUpdate({ target: [crmPipelines.installationId, crmPipelines.externalId], set: values });
  }
}

/** Owners as read now; ones no longer listed are kept (tasks name them) but marked archived. */
export async function replaceOwners(
  db: Queryable,
  installationId: string,
  owners: CanonicalOwner[],
  now: Date,
): Promise<void> {
  const ids = owners.map((o) => o.externalId);
  await db
    .update(crmOwners)
    .set({ archived: true, updatedAt: now })
    .where(
      and(
        eq(crmOwners.installationId, installationId),
        ids.length ? notInArray(crmOwners.externalId, ids) : undefined,
      ),
    );
  for (const o of owners) {
    const values = {
      userId: o.userId,
      email: o.email,
      firstName: o.firstName,
      lastName: o.lastName,
      archived: o.archived,
      updatedAt: now,
    };
    await db
      .insert(crmOwners)
      .values({ installationId, externalId: o.externalId, ...values })
      .onConflictDoUpdate({ target: [crmOwners.installationId, crmOwners.externalId], set: values });
  }
}
