import { and, eq } from 'drizzle-orm';
import { type SignedRequest, verifyV2, verifyV3 } from '../../../connectors/hubspot/signature';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';

export type AuthFailure = { code: 'unauthorized' | 'not_configured'; message: string };

const has = (headers: SignedRequest['headers'], name: string) =>
  Object.entries(headers).some(([k, v]) => k.toLowerCase() === name && v !== undefined && v !== '');

/**
 * Workflow actions are signed with v2 (sha256 of secret + method + uri + body; no timestamp).
 * When HubSpot also sends the v3 headers they must verify too, timestamp window included, so a
 * captured v3 request cannot be replayed later. Every signature present must be valid.
 */
export async function verifyHubSpotRequest(
  deps: AppDeps,
  req: SignedRequest,
): Promise<Result<true, AuthFailure>> {
  const secret = deps.config.HUBSPOT_CLIENT_SECRET;
  if (!secret)
    return err({ code: 'not_configured', message: 'HubSpot is not configured (HUBSPOT_CLIENT_SECRET)' });
  const v3 = has(req.headers, 'x-hubspot-signature-v3');
  const v2 = has(req.headers, 'x-hubspot-signature');
  if (!v2 && !v3) return err({ code: 'unauthorized', message: 'Missing HubSpot signature' });
  if (v3) {
    const check = await verifyV3(secret, req, deps.clock.now());
    if (!check.ok)
      return err({ code: 'unauthorized', message: `Invalid HubSpot signature (v3: ${check.reason})` });
  }
  if (v2) {
    const check = await verifyV2(secret, req);
    if (!check.ok)
      return err({ code: 'unauthorized', message: `Invalid HubSpot signature (v2: ${check.reason})` });
  }
  return ok(true);
}

/** The installation a HubSpot portal (hub id) maps to, if it installed the app. */
export async function findPortalInstallation(
  db: Queryable,
  portalId: string,
): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .select({ id: installations.id, name: installations.name })
    .from(installations)
    .where(and(eq(installations.crm, 'hubspot'), eq(installations.externalId, portalId)));
  return row ?? null;
}
