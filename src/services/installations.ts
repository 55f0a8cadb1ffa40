import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { apiKeys, installations } from '../db/schema';
import { randomToken, sha256Hex } from '../lib/crypto';
import { newId } from '../lib/ids';
import type { AppDeps } from './deps';
import { rotateInboundToken } from './engagement/settings';

export async function createInstallation(
  db: Queryable,
  input: {
    name: string;
    crm?: 'hubspot' | 'salesforce' | 'none';
    externalId?: string | null;
    settings?: Record<string, unknown>;
  },
) {
  const [row] = await db
    .insert(installations)
    .values({
      id: newId('ins'),
      name: input.name,
      crm: input.crm ?? 'none',
      externalId: input.externalId ?? null,
      settings: input.settings ?? {},
    })
    .returning();
  return row!;
}

export type ApiKeyRole = 'admin' | 'standard';

/**
 * The key is returned once; only its SHA-256 is stored. Without a role it is an installation's
 * operator key (`admin`), as `installation create` and the demo make; the admin API makes `standard`
 * keys unless asked otherwise.
 */
export async function createApiKey(
  db: Queryable,
  input: { installationId: string; name: string; role: ApiKeyRole },
) {
  const key = `tk_${randomToken(24)}`;
  const id = newId('key');
  const role = input.role;
  await db.insert(apiKeys).values({
    id,
    installationId: input.installationId,
    name: input.name,
    role,
    keyHash: await sha256Hex(key),
  });
  return { id, key, role };
}

/** The live (not revoked) key behind a bearer token, with its installation and role. */
export async function findApiKey(
  db: Queryable,
  key: string,
): Promise<{ id: string; installationId: string; role: ApiKeyRole } | null> {
  const [row] = await db
    .select({ id: apiKeys.id, installationId: apiKeys.installationId, role: apiKeys.role })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, await sha256Hex(key)), isNull(apiKeys.revokedAt)));
  return row ?? null;
}

export async function listInstallations(db: Queryable) {
  return db.select().from(installations).orderBy(installations.createdAt, installations.id);
}

/**
 * An installation ready to use: its admin API key and its inbound token, each shown once.
 * The same functions the demo seed and `POST /v1/inbound/token` use.
 */
export async function provisionInstallation(
  deps: AppDeps,
  input: { name: string; crm?: 'hubspot' | 'salesforce' | 'none' },
) {
  const installation = await createInstallation(deps.db, input);
  const key = await createApiKey(deps.db, {
    installationId: installation.id,
    name: 'operator',
    role: 'admin',
  });
  const inboundToken = await rotateInboundToken(deps, installation.id);
  return { installation, keyId: key.id, apiKey: key.key, inboundToken };
}

export async function findInstallationByKey(db: Queryable, key: string): Promise<string | null> {
  const rows = await db
    .select({ installationId: apiKeys.installationId })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, await sha256Hex(key)), isNull(apiKeys.revokedAt)));
  return rows[0]?.installationId ?? null;
}
