// Who signed in through HubSpot: the code for a token (the install's own exchange), then the token's
// introspection, which names the portal (hub_id), the user's id and email.
import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { authorizeUrl } from '../hubspot/install';
import { requestToken } from '../hubspot/token-http';
import type { CrmIdentity, IdentityError } from './crm-identity';

export const hubspotSignInCallback = (deps: AppDeps) =>
  `${deps.config.publicBaseUrl}/app/login/hubspot/callback`;

/** The install's consent URL, sent back to the sign-in callback instead (HubSpot must list it). */
export function hubspotSignInUrl(deps: AppDeps, state: string): string {
  const url = new URL(authorizeUrl(deps, state));
  url.searchParams.set('redirect_uri', hubspotSignInCallback(deps));
  return url.toString();
}

// GET /oauth/v1/access-tokens/{token} (HubSpot's AccessTokenInfoResponse).
const tokenInfo = z.looseObject({
  hub_id: z.number().int(),
  user_id: z.number().int(),
  user: z.string().optional(),
});

export async function hubspotIdentity(
  deps: AppDeps,
  code: string,
): Promise<Result<CrmIdentity, IdentityError>> {
  const answer = await requestToken(deps, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: hubspotSignInCallback(deps),
  });
  if (!answer.ok) {
    const rejected = answer.kind === 'rejected' || answer.status === 400;
    return err({ code: rejected ? 'oauth_code_rejected' : 'crm_unavailable', message: answer.message });
  }
  const token = encodeURIComponent(answer.grant.accessToken);
  let body: unknown;
  try {
    const res = await fetch(`${deps.config.HUBSPOT_API_BASE_URL}/oauth/v1/access-tokens/${token}`, {
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) return err({ code: 'crm_unavailable', message: `HubSpot token lookup: ${res.status}` });
    body = await res.json();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return err({ code: 'crm_unavailable', message: `HubSpot token lookup failed: ${message}` });
  }
  const info = tokenInfo.safeParse(body);
  if (!info.success) return err({ code: 'crm_unavailable', message: 'HubSpot token lookup is unreadable' });
  return ok({
    crm: 'hubspot',
    externalId: String(info.data.hub_id),
    userId: String(info.data.user_id),
    email: info.data.user ?? null,
  });
}
