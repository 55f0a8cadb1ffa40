import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';
import { decryptSecret, encryptSecret } from '../../lib/crypto';
import type { AppDeps } from '../deps';

/** What `installations.credentials_sealed` holds for Salesforce, as JSON sealed by lib/crypto. */
export type SalesforceCredentials = z.infer<typeof credentials>;

const credentials = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  instanceUrl: z.string(),
  orgId: z.string(),
  userId: z.string(),
  /** Where this org refreshes: production, test.salesforce.com or its My Domain. */
  loginUrl: z.string(),
  scopes: z.array(z.string()),
});

export type StoredCredentials = {
  credentials: SalesforceCredentials;
  status: 'connected' | 'disconnected' | null;
  reason: string | null;
};

export function sealCredentials(deps: AppDeps, creds: SalesforceCredentials): Promise<string> {
  return encryptSecret(deps.config.ENCRYPTION_KEY ?? '', JSON.stringify(creds));
}

/** The Salesforce installation's opened credentials, or null when it has none (or is not Salesforce). */
export async function readCredentials(
  deps: AppDeps,
  db: Queryable,
  installationId: string,
): Promise<StoredCredentials | null> {
  const [row] = await db
    .select({
      sealed: installations.credentialsSealed,
      status: installations.connectionStatus,
      reason: installations.disconnectedReason,
    })
    .from(installations)
    .where(and(eq(installations.id, installationId), eq(installations.crm, 'salesforce')));
  if (!row?.sealed) return null;
  const plain = await decryptSecret(deps.config.ENCRYPTION_KEY ?? '', row.sealed);
  return { credentials: credentials.parse(JSON.parse(plain)), status: row.status, reason: row.reason };
}

/** Stores fresh credentials (install, reinstall) and marks the installation connected. */
export async function writeCredentials(
  deps: AppDeps,
  db: Queryable,
  installationId: string,
  creds: SalesforceCredentials,
): Promise<void> {
  await db
    .update(installations)
    .set({
      credentialsSealed: await sealCredentials(deps, creds),
      tokenExpiresAt: null, // Salesforce sends no expires_in: refresh happens on a 401
      connectionStatus: 'connected',
      disconnectedReason: null,
      disconnectedAt: null,
    })
    .where(eq(installations.id, installationId));
}

/**
 * After a refresh: the new access token, and the rotated refresh token when one came back. The old
 * refresh token is kept only when none did (without rotation it stays valid; with rotation the old
 * one is dead and replaying it revokes the whole grant, so dropping the new one would disconnect us).
 */
export async function persistRefresh(
  deps: AppDeps,
  installationId: string,
  accessToken: string,
  refreshToken: string | null,
  db: Queryable = deps.db,
): Promise<void> {
  const stored = await readCredentials(deps, db, installationId);
  if (!stored) throw new Error(`no Salesforce credentials for ${installationId}`);
  const next = {
    ...stored.credentials,
    accessToken,
    refreshToken: refreshToken ?? stored.credentials.refreshToken,
  };
  await db
    .update(installations)
    .set({ credentialsSealed: await sealCredentials(deps, next) })
    .where(eq(installations.id, installationId));
}
