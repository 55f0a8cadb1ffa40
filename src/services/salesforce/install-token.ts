import { OAuth2 } from 'jsforce';
import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';

export type Grant = {
  accessToken: string;
  refreshToken: string;
  instanceUrl: string;
  orgId: string;
  userId: string;
  scopes: string[];
};

export type ExchangeError = {
  code: 'oauth_code_rejected' | 'salesforce_unavailable';
  message: string;
};

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  instance_url: z.url(),
  id: z.url(),
  scope: z.string().optional(),
});

// The identity URL names the org and the user: https://login.salesforce.com/id/00D.../005...
const IDENTITY_PATH = /^\/id\/(00D[A-Za-z0-9]{15})\/(005[A-Za-z0-9]{15})\/?$/;

/** The callback's code for tokens, at the login host that issued it, proving the PKCE verifier. */
export async function exchangeCode(
  deps: AppDeps,
  input: { code: string; verifier: string; loginUrl: string; redirectUri: string },
): Promise<Result<Grant, ExchangeError>> {
  const { config } = deps;
  const oauth2 = new OAuth2({
    loginUrl: input.loginUrl,
    clientId: config.SALESFORCE_CLIENT_ID ?? '',
    ...(config.SALESFORCE_CLIENT_SECRET ? { clientSecret: config.SALESFORCE_CLIENT_SECRET } : {}),
    redirectUri: input.redirectUri,
  });
  let raw: unknown;
  try {
    raw = await oauth2.requestToken(input.code, { code_verifier: input.verifier });
  } catch (error) {
    // jsforce names the error after Salesforce's `error` and keeps `error_description` as the message.
    const e = error instanceof Error ? error : new Error(String(error));
    const message = `Salesforce token exchange: ${e.name}: ${e.message.split('\n')[0]}`;
    return err({
      code: e.name === 'invalid_grant' ? 'oauth_code_rejected' : 'salesforce_unavailable',
      message,
    });
  }
  const parsed = tokenAnswer.safeParse(raw);
  if (!parsed.success)
    return err({ code: 'salesforce_unavailable', message: 'Salesforce token answer is malformed' });
  const t = parsed.data;
  if (!t.refresh_token)
    return err({
      code: 'salesforce_unavailable',
      message: 'Salesforce gave no refresh token: allow the refresh_token scope in the connected app',
    });
  const ids = IDENTITY_PATH.exec(new URL(t.id).pathname);
  if (!ids?.[1] || !ids[2])
    return err({ code: 'salesforce_unavailable', message: `Unexpected Salesforce identity URL ${t.id}` });
  // The instance must speak the login host's scheme: an https login never hands tokens to http.
  if (new URL(t.instance_url).protocol !== new URL(input.loginUrl).protocol)
    return err({ code: 'salesforce_unavailable', message: 'Salesforce instance_url scheme is unexpected' });
  return ok({
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    instanceUrl: t.instance_url.replace(/\/$/, ''),
    orgId: ids[1],
    userId: ids[2],
    scopes: (t.scope ?? '').split(' ').filter(Boolean),
  });
}
