// Who signed in through Salesforce: the install's PKCE code exchange (org and user from the `id`
// URL), then /services/oauth2/userinfo for the email.
import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { authorizeUrl } from '../salesforce/install';
import { exchangeCode } from '../salesforce/install-token';
import type { CrmIdentity, IdentityError } from './crm-identity';

export const salesforceSignInCallback = (deps: AppDeps) =>
  `${deps.config.publicBaseUrl}/app/login/salesforce/callback`;

/** The install's consent URL, sent back to the sign-in callback instead (the connected app must list it). */
export function salesforceSignInUrl(
  deps: AppDeps,
  input: { loginUrl: string; state: string; challenge: string },
): string {
  const url = new URL(authorizeUrl(deps, input));
  url.searchParams.set('redirect_uri', salesforceSignInCallback(deps));
  return url.toString();
}

const userinfo = z.looseObject({ email: z.string().nullish() });

export async function salesforceIdentity(
  deps: AppDeps,
  input: { code: string; verifier: string; loginUrl: string },
): Promise<Result<CrmIdentity, IdentityError>> {
  const exchanged = await exchangeCode(deps, { ...input, redirectUri: salesforceSignInCallback(deps) });
  if (!exchanged.ok) {
    const { code, message } = exchanged.error;
    return err({ code: code === 'oauth_code_rejected' ? code : 'crm_unavailable', message });
  }
  const grant = exchanged.value;
  const email = await userEmail(grant.instanceUrl, grant.accessToken);
  // The sign-in needs no lasting access: its refresh token (and the access token with it) is revoked.
  await revoke(input.loginUrl, grant.refreshToken);
  if (!email.ok) return email;
  // The org and user come from the token's `id` URL (18-character ids); userinfo only adds the email.
  return ok({ crm: 'salesforce', externalId: grant.orgId, userId: grant.userId, email: email.value });
}

async function userEmail(
  instanceUrl: string,
  accessToken: string,
): Promise<Result<string | null, IdentityError>> {
  let body: unknown;
  try {
    const res = await fetch(`${instanceUrl}/services/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) return err({ code: 'crm_unavailable', message: `Salesforce userinfo: ${res.status}` });
    body = await res.json();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return err({ code: 'crm_unavailable', message: `Salesforce userinfo failed: ${message}` });
  }
  const info = userinfo.safeParse(body);
  return ok(info.success ? (info.data.email ?? null) : null);
}

/** Best effort: a failed revoke leaves a token nobody holds, which is no reason to refuse the sign-in. */
async function revoke(loginUrl: string, token: string): Promise<void> {
  await fetch(new URL('/services/oauth2/revoke', loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
    signal: AbortSignal.timeout(15_000),
  }).catch(() => undefined);
}
