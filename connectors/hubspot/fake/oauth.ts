import type { Context, Hono, Next } from 'hono';
import { hubError } from './errors';
import type { State } from './state';

export type AppCreds = { clientId: string; clientSecret: string; appId: number };
const TTL_S = 1800;

/** Test-only bookkeeping the shared State does not have: refresh counts, codes' redirect URIs. */
type Extra = { refreshes: number; redirects: Map<string, string> };
const extras = new WeakMap<State, Extra>();
function extra(state: State): Extra {
  let found = extras.get(state);
  if (!found) {
    found = { refreshes: 0, redirects: new Map() };
    extras.set(state, found);
  }
  return found;
}

/** How many refresh_token grants the token endpoint answered with new tokens. */
export function tokenRefreshes(state: State): number {
  return extra(state).refreshes;
}

/** The refresh token stops working (as when the grant is revoked); access tokens live on. */
export function revokeRefreshToken(state: State, refreshToken: string): void {
  state.refreshTokens.delete(refreshToken);
}

/** The portal uninstalls the app: every refresh and access token stops working. */
export function uninstallApp(state: State): void {
  state.refreshTokens.clear();
  for (const token of state.tokens.values()) token.revoked = true;
}

/**
 * What app.hubspot.com/oauth/authorize does once the admin clicks "Connect app": the redirect the
 * browser follows, carrying a one-time code bound to `redirectUri` and the app's `state`.
 */
export function approveInstall(
  state: State,
  opts: { redirectUri: string; state: string | null; scopes: string[] },
): string {
  const code = `fake-code-${crypto.randomUUID()}`;
  state.codes.set(code, opts.scopes);
  extra(state).redirects.set(code, opts.redirectUri);
  const url = new URL(opts.redirectUri);
  url.searchParams.set('code', code);
  if (opts.state !== null) url.searchParams.set('state', opts.state);
  return url.toString();
}

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
  // The consent screen, already approved: straight back to the app with a code.
  app.get('/oauth/authorize', (c) => {
    const q = c.req.query();
    if (q.client_id !== creds.clientId || !q.redirect_uri)
      return c.text('Unknown client_id or missing redirect_uri', 400);
    const scopes = (q.scope ?? '').split(/[ +]/).filter(Boolean);
    if (!scopes.includes('oauth')) return c.text('The oauth scope is required', 400);
    return c.redirect(
      approveInstall(state, { redirectUri: q.redirect_uri, state: q.state ?? null, scopes }),
      302,
    );
  });
  app.post('/oauth/v1/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (form.get('client_id') !== creds.clientId || form.get('client_secret') !== creds.clientSecret) {
      return hubError(c, 400, 'BAD_CLIENT_ID', 'missing or unknown client id', { error: 'BAD_CLIENT_ID' });
    }
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const scopes = state.codes.get(code);
      if (!scopes) return hubError(c, 400, 'BAD_AUTH_CODE', 'missing or unknown auth code');
      const boundTo = extra(state).redirects.get(code);
      if (boundTo !== undefined && boundTo !== form.get('redirect_uri'))
        return hubError(c, 400, 'BAD_REDIRECT_URI', 'redirect_uri does not match the authorization');
      state.codes.delete(code);
      extra(state).redirects.delete(code);
      return c.json(issue(state, scopes));
    }
    if (grant === 'refresh_token') {
      const known = state.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!known) return hubError(c, 400, 'BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
      extra(state).refreshes += 1;
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
