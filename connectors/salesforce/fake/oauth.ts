// OAuth 2.0 web-server flow with PKCE, refresh (optionally rotating), revoke and identity.
import type { Context, Hono } from 'hono';
import type { State } from './state';
import { bearer, identityUrl, issueAccess, issueRefresh, revokeFamily, s256, tokenBody } from './tokens';

const oauthError = (c: Context, error: string, description: string, status: 400 | 401 = 400) =>
  c.json({ error, error_description: description }, status);

export function oauthRoutes(app: Hono, state: State) {
  // The fake admin consents at once: straight back to the app with a one-time code.
  app.get('/services/oauth2/authorize', (c) => {
    const q = c.req.query();
    if (q.client_id !== state.clientId)
      return oauthError(c, 'invalid_client_id', 'client identifier invalid');
    if (q.response_type !== 'code')
      return oauthError(c, 'unsupported_response_type', 'response type not supported');
    if (!q.redirect_uri)
      return oauthError(c, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
    if (!q.code_challenge || q.code_challenge_method !== 'S256') {
      return oauthError(c, 'invalid_request', 'missing required code challenge (S256)');
    }
    const code = `aPrx${crypto.randomUUID().replaceAll('-', '')}`;
    state.codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri, userId: state.userId });
    const url = new URL(q.redirect_uri);
    url.searchParams.set('code', code);
    if (q.state !== undefined) url.searchParams.set('state', q.state);
    return c.redirect(url.toString(), 302);
  });

  app.post('/services/oauth2/token', async (c) => {
    const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const answer = token(c, state, form);
    state.tokenRequests.push({
      grantType: form.grant_type ?? '',
      refreshToken: form.refresh_token ?? null,
      status: answer.status,
      at: state.clock.now(),
    });
    return answer;
  });

  app.post('/services/oauth2/revoke', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const value = form.get('token') ?? c.req.query('token') ?? '';
    const grant = state.refreshTokens.get(value);
    const access = state.tokens.get(value);
    if (grant) revokeFamily(state, grant.family);
    else if (access) access.revoked = true;
    else return oauthError(c, 'unsupported_token_type', 'this token type is not supported');
    return c.body(null, 200);
  });

  const identity = (c: Context) => {
    const session = bearer(state, c);
    if (!session) return c.text('Bad_OAuth_Token', 403);
    const user = state.records.get('User')?.get(session.userId);
    return c.json({
      id: identityUrl(state, session.userId),
      sub: identityUrl(state, session.userId),
      user_id: session.userId,
      organization_id: state.orgId,
      username: user?.Username ?? null,
      preferred_username: user?.Username ?? null,
      email: user?.Email ?? null,
      given_name: user?.FirstName ?? null,
      family_name: user?.LastName ?? null,
      display_name: `${user?.FirstName ?? ''} ${user?.LastName ?? ''}`.trim(),
      active: true,
      urls: { rest: `${state.baseUrl}/services/data/v{version}/` },
    });
  };
  app.get('/services/oauth2/userinfo', identity);
  app.get('/id/:org/:user', identity);
}

function token(c: Context, state: State, form: Record<string, string>) {
  if (form.client_id !== state.clientId)
    return oauthError(c, 'invalid_client_id', 'client identifier invalid');
  if (
    state.clientSecret !== undefined &&
    form.client_secret !== undefined &&
    form.client_secret !== state.clientSecret
  ) {
    return oauthError(c, 'invalid_client', 'invalid client credentials');
  }
  if (form.grant_type === 'authorization_code') {
    const code = state.codes.get(form.code ?? '');
    if (!code) return oauthError(c, 'invalid_grant', 'invalid authorization code');
    state.codes.delete(form.code ?? '');
    if (code.redirectUri !== form.redirect_uri)
      return oauthError(c, 'redirect_uri_mismatch', 'redirect_uri mismatch');
    if (!form.code_verifier || s256(form.code_verifier) !== code.challenge) {
      return oauthError(c, 'invalid_grant', 'invalid code verifier');
    }
    const family = crypto.randomUUID();
    const refresh = issueRefresh(state, code.userId, family);
    return c.json(tokenBody(state, code.userId, issueAccess(state, code.userId, family), refresh));
  }
  if (form.grant_type === 'refresh_token') {
    const grant = state.refreshTokens.get(form.refresh_token ?? '');
    if (!grant || grant.revoked) {
      if (grant) revokeFamily(state, grant.family);
      return oauthError(c, 'invalid_grant', 'expired access/refresh token');
    }
    let refresh: string | null = null;
    if (state.rotateRefreshTokens) {
      grant.revoked = true;
      refresh = issueRefresh(state, grant.userId, grant.family);
    }
    return c.json(tokenBody(state, grant.userId, issueAccess(state, grant.userId, grant.family), refresh));
  }
  return oauthError(c, 'unsupported_grant_type', 'grant type not supported');
}
