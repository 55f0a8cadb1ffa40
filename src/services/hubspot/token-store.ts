import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';
import { decryptSecret, encryptSecret } from '../../lib/crypto';
import type { AppDeps } from '../deps';

/** What `installations.credentials_sealed` holds for HubSpot, as JSON sealed by lib/crypto. */
export type HubSpotCredentials = {
  accessToken: string;
  refreshToken: string;
  hubId: number;
  scopes: string[];
};

const credentials = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  hubId: z.number(),
  scopes: z.array(z.string()),
});

export type StoredTokens = {
  credentials: HubSpotCredentials;
  expiresAt: Date | null;
  status: 'connected' | 'disconnected' | null;
  reason: string | null;
};

export function sealCredentials(deps: AppDeps, creds: HubSpotCredentials): Promise<string> {
  return encryptSecret(deps.config.ENCRYPTION_KEY ?? '', JSON.stringify(creds));
}

/** The HubSpot installation's opened credentials, or null when it has none (or is not HubSpot). */
export async function readTokens(
  deps: AppDeps,
  db: Queryable,
  installationId: string,
): Promise<StoredTokens | null> {
  const [row] = await db
    .select({
      sealed: installations.credentialsSealed,
      expiresAt: installations.tokenExpiresAt,
      status: installations.connectionStatus,
      reason: installations.disconnectedReason,
    })
    .from(installations)
    .where(and(eq(installations.id, installationId), eq(installations.crm, 'hubspot')));
  if (!row?.sealed) return null;
  const plain = await decryptSecret(deps.config.ENCRYPTION_KEY ?? '', row.sealed);
  return {
    credentials: credentials.parse(JSON.parse(plain)),
    expiresAt: row.expiresAt,
    status: row.status,
    reason: row.reason,
  };
}

export async function writeTokens(
  deps: AppDeps,
  db: Queryable,
  installationId: string,
  creds: HubSpotCredentials,
  expiresAt: Date,
): Promise<void> {
  await db
    .update(installations)
    .set({
      credentialsSealed: await sealCredentials(deps, creds),
      tokenExpiresAt: expiresAt,
      connectionStatus: 'connected',
      disconnectedReason: null,
      disconnectedAt: null,
    })
    .where(eq(installations.id, installationId));
}

/** The portal revoked us: keep the row (and its data), stop using it, say why. */
export async function markDisconnected(
  db: Queryable,
  installationId: string,
  reason: string,
  at: Date,
): Promise<void> {
  await db
    .update(installations)
    .set({ connectionStatus: 'disconnected', disconnectedReason: reason, disconnectedAt: at })
    .where(eq(installations.id, installationId));
}
