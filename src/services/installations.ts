import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { apiKeys, installations } from '../db/schema';
import { randomToken, sha256Hex } from '../lib/crypto';
import { newId } from '../lib/ids';

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

/** The key is returned once; only its SHA-256 is stored. */
export async function createApiKey(db: Queryable, input: { installationId: string; name: string }) {
  const key = `tk_${randomToken(24)}`;
  const id = newId('key');
  await db
    .insert(apiKeys)
    .values({ id, installationId: input.installationId, name: input.name, keyHash: await sha256Hex(key) });
  return { id, key };
}

export async function findInstallationByKey(db: Queryable, key: string): Promise<string | null> {
  const rows = await db
    .select({ installationId: apiKeys.installationId })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, await sha256Hex(key)), isNull(apiKeys.revokedAt)));
  return rows[0]?.installationId ?? null;
}
