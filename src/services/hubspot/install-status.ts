import { eq } from 'drizzle-orm';
import { installations } from '../../db/schema';
import type { AppDeps } from '../deps';

export type ConnectionStatus = {
  status: 'connected' | 'disconnected' | 'not_connected';
  portalId: string | null;
  reason: string | null;
  /** When it was (re)connected, or when it was disconnected. */
  since: string | null;
  tokenExpiresAt: string | null;
};

/** For the CRM status route: is HubSpot connected, since when, and if not, why. */
export async function connectionStatus(deps: AppDeps, installationId: string): Promise<ConnectionStatus> {
  const [row] = await deps.db
    .select({
      crm: installations.crm,
      externalId: installations.externalId,
      status: installations.connectionStatus,
      reason: installations.disconnectedReason,
      disconnectedAt: installations.disconnectedAt,
      expiresAt: installations.tokenExpiresAt,
      settings: installations.settings,
    })
    .from(installations)
    .where(eq(installations.id, installationId));
  if (row?.crm !== 'hubspot' || !row.status)
    return { status: 'not_connected', portalId: null, reason: null, since: null, tokenExpiresAt: null };
  const hubspot = (row.settings.hubspot ?? {}) as { connectedAt?: string };
  const disconnected = row.status === 'disconnected';
  return {
    status: row.status,
    portalId: row.externalId,
    reason: disconnected ? row.reason : null,
    since: disconnected ? (row.disconnectedAt?.toISOString() ?? null) : (hubspot.connectedAt ?? null),
    tokenExpiresAt: row.expiresAt?.toISOString() ?? null,
  };
}
