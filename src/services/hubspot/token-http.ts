import { z } from 'zod';
import type { AppDeps } from '../deps';

/** HubSpot's token response (spec AccessTokenResponse); hub_id is there even though the SDK drops it. */
const tokenResponse = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive(),
  hub_id: z.number().int().optional(),
});

const errorBody = z.looseObject({
  status: z.string().optional(),
  error: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  error_description: z.string().optional(),
});

export type TokenGrant = { accessToken: string; refreshToken?: string; expiresIn: number; hubId?: number };

export type TokenCallResult =
  | { ok: true; grant: TokenGrant }
  /** `rejected`: HubSpot refused the grant itself (bad or revoked code / refresh token, app uninstalled). */
  | { ok: false; kind: 'rejected' | 'unavailable' | 'not_configured'; status: number; message: string };

// A revoked refresh token is a 400 naming BAD_REFRESH_TOKEN (in `status` on v1, `category` in the
// spec's Error shape) or OAuth's invalid_grant; other 400s (BAD_CLIENT_ID) are our configuration.
const REJECTED_GRANT = new Set(['BAD_REFRESH_TOKEN', 'BAD_AUTH_CODE', 'invalid_grant', 'BAD_GRANT']);
const TIMEOUT_MS = 15_000;

/** POST /oauth/v1/token, form-encoded, with our client credentials added. */
export async function requestToken(
  deps: AppDeps,
  form:
    | { grant_type: 'authorization_code'; code: string; redirect_uri: string }
    | {
        grant_type: 'refresh_token';
        refresh_token: string;
      },
): Promise<TokenCallResult> {
  const { HUBSPOT_CLIENT_ID: clientId, HUBSPOT_CLIENT_SECRET: clientSecret } = deps.config;
  if (!clientId || !clientSecret)
    return { ok: false, kind: 'not_configured', status: 0, message: 'HubSpot app is not configured' };
  let res: Response;
  try {
    res = await fetch(`${deps.config.HUBSPOT_API_BASE_URL}/oauth/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams({ ...form, client_id: clientId, client_secret: clientSecret }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : 'network error';
    return { ok: false, kind: 'unavailable', status: 0, message: `HubSpot token call failed: ${message}` };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success)
      return {
        ok: false,
        kind: 'unavailable',
        status: res.status,
        message: 'HubSpot token answer unreadable',
      };
    const t = parsed.data;
    return {
      ok: true,
      grant: {
        accessToken: t.access_token,
        expiresIn: t.expires_in,
        ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
        ...(t.hub_id === undefined ? {} : { hubId: t.hub_id }),
      },
    };
  }
  const err = errorBody.safeParse(body);
  const e = err.success ? err.data : {};
  const label = [e.category, e.status, e.error].find((v) => v && v !== 'error') ?? '';
  const message = `HubSpot ${res.status} ${label}: ${e.message ?? e.error_description ?? ''}`.trim();
  const rejected =
    res.status === 401 || res.status === 403 || (res.status === 400 && REJECTED_GRANT.has(label));
  return { ok: false, kind: rejected ? 'rejected' : 'unavailable', status: res.status, message };
}
