// Token issuing and checking shared by the OAuth endpoints and the REST auth guard.
import { createHash, createHmac } from 'node:crypto';
import type { Context, Next } from 'hono';
import { sfError } from './errors';
import type { State } from './state';

export const SCOPE = 'api refresh_token';

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function identityUrl(state: State, userId: string): string {
  return `${state.baseUrl}/id/${state.orgId}/${userId}`;
}

export function issueAccess(state: State, userId: string, family: string): string {
  const token = `${state.orgId}!fake-at-${crypto.randomUUID()}`;
  state.tokens.set(token, { userId, family, expired: false, revoked: false });
  return token;
}

export function issueRefresh(state: State, userId: string, family: string): string {
  const token = `5Aep861fake-rt-${crypto.randomUUID()}`;
  state.refreshTokens.set(token, { userId, revoked: false, family, scope: SCOPE });
  return token;
}

/** A token response as Salesforce sends it (no expires_in; signature = HMAC(id + issued_at)). */
export function tokenBody(state: State, userId: string, access: string, refresh: string | null) {
  const id = identityUrl(state, userId);
  const issued = String(state.clock.now());
  const signature = createHmac('sha256', state.clientSecret ?? state.clientId)
    .update(id + issued)
    .digest('base64');
  return {
    access_token: access,
    ...(refresh ? { refresh_token: refresh } : {}),
    signature,
    scope: SCOPE,
    instance_url: state.baseUrl,
    id,
    token_type: 'Bearer',
    issued_at: issued,
  };
}

/** Salesforce revokes every token of a grant when a rotated refresh token is replayed. */
export function revokeFamily(state: State, family: string) {
  for (const grant of state.refreshTokens.values()) if (grant.family === family) grant.revoked = true;
  for (const token of state.tokens.values()) if (token.family === family) token.revoked = true;
}

export function bearer(state: State, c: Context): { userId: string } | null {
  const header = c.req.header('authorization') ?? '';
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
  const token = match?.[1] ? state.tokens.get(match[1]) : undefined;
  return token && !token.expired && !token.revoked ? token : null;
}

export function requireSession(state: State) {
  return async (c: Context, next: Next) => {
    if (!bearer(state, c)) return sfError(c, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    await next();
    return undefined;
  };
}
