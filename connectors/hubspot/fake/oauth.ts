import type { Context, Hono, Next } from 'hono';
import { hubError } from './errors';
import type { State } from './state';

export type AppCreds = { clientId: string; clientSecret: string; appId: number };
const TTL_S = 1800;

function issue(state: State, scopes: string[]) {
  const access = `fake-at-${crypto.randomUUID()}`;
  const refresh = `fake-rt-${crypto.randomUUID()}`;
  const userId = 1;
  state.tokens.set(access, {
    hubId: state.portalId,
    expiresAt: state.clock.now() + TTL_S * 1000,
    revoked: false,
    scopes,
    userId,
  });
  state.refreshTokens.set(refresh, { hubId: state.portalId, scopes });
  // What HubSpot returns (spec AccessTokenResponse); the SDK model keeps only some of it.
  return {
    access_token: access,
    refresh_token: refresh,
    expires_in: TTL_S,
    token_type: 'bearer',
    token_use: 'access_token',
    hub_id: state.portalId,
    user_id: userId,
    scopes,
  };
}

export function oauthRoutes(app: Hono, state: State, creds: AppCreds) {
  app.post('/oauth/v1/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (form.get('client_id') !== creds.clientId || form.get('client_secret') !== creds.clientSecret) {
      return hubError(c, 400, 'BAD_CLIENT_ID', 'missing or unknown client id', { error: 'BAD_CLIENT_ID' });
    }
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const scopes = state.codes.get(form.get('code') ?? '');
      if (!scopes) return hubError(c, 400, 'BAD_AUTH_CODE', 'missing or unknown auth code');
      state.codes.delete(form.get('code') ?? '');
      return c.json(issue(state, scopes));
    }
    if (grant === 'refresh_token') {
      const known = state.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!known) return hubError(c, 400, 'BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
      return c.json(issue(state, known.scopes));
    }
    return hubError(c, 400, 'BAD_GRANT_TYPE', 'unsupported grant_type');
  });
  app.get('/oauth/v1/access-tokens/:token', (c) => {
    const token = state.tokens.get(c.req.param('token'));
    if (!token || token.revoked) return hubError(c, 404, 'OBJECT_NOT_FOUND', 'token not found');
    const left = Math.max(0, Math.floor((token.expiresAt - state.clock.now()) / 1000));
    return c.json({
      token: c.req.param('token'),
      user: 'owner@example.test',
      hub_domain: `portal-${token.hubId}.example.test`,
      scopes: token.scopes,
      hub_id: token.hubId,
      app_id: creds.appId,
      expires_in: left,
      user_id: token.userId,
      token_type: 'access',
    });
  });
}

/** Bearer check for every API route (not /oauth). */
export function requireToken(state: State) {
  return async (c: Context, next: Next) => {
    if (c.req.path.startsWith('/oauth/')) return next();
    const header = c.req.header('authorization') ?? '';
    const token = state.tokens.get(header.replace(/^Bearer\s+/i, ''));
    if (!token || token.revoked) {
      return hubError(
        c,
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      );
    }
    if (token.expiresAt <= state.clock.now()) {
      return hubError(
        c,
        401,
        'EXPIRED_AUTHENTICATION',
        'The OAuth token used to make this call expired. Refresh the token.',
      );
    }
    return next();
  };
}
