import { Connection, OAuth2 } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../src/lib/clock';
import { startFakeOrg, useFakeSalesforce } from '../../../helpers/salesforce-fake';

const clock = fixedClock(new Date('2026-03-02T14:00:00Z'));
const org = await startFakeOrg();
useFakeSalesforce({ clock }, org);

const redirectUri = 'http://tandem.test/salesforce/callback';
const oauth2 = () =>
  new OAuth2({ clientId: 'sfcid', clientSecret: 'sfsec', redirectUri, loginUrl: org.url, useVerifier: true });

/** The browser leg: authorize answers 302 to the redirect URI with the code (the fake consents at once). */
async function authorize(client: OAuth2, extra: Record<string, string> = {}) {
  const url = client.getAuthorizationUrl({ state: 'st-1', code_challenge_method: 'S256', ...extra });
  const res = await fetch(url, { redirect: 'manual' });
  return { res, location: new URL(res.headers.get('location') ?? 'http://none/') };
}

describe('fake Salesforce OAuth', () => {
  it('runs the web-server flow with PKCE through jsforce and the session works', async () => {
    const client = oauth2();
    const { res, location } = await authorize(client);
    expect(res.status).toBe(302);
    expect(location.origin + location.pathname).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('st-1');
    const conn = new Connection({ oauth2: client, version: '67.0' });
    const user = await conn.authorize(location.searchParams.get('code') ?? '');
    expect(user.organizationId).toBe(org.fake.state.orgId);
    expect(user.id).toMatch(/^005\w{15}$/);
    expect(conn.instanceUrl).toBe(org.url);
    expect(conn.refreshToken).toBeTruthy();
    const result = await conn.query('SELECT Id, Username FROM User');
    expect(result.records.map((r) => r.Username)).toEqual(['admin@example.test.fake']);
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 15_000 });
  });

  it('refuses a wrong code verifier and a missing S256 challenge', async () => {
    const { location } = await authorize(oauth2());
    const other = oauth2(); // another verifier than the one the challenge was made from
    await expect(
      new Connection({ oauth2: other }).authorize(location.searchParams.get('code') ?? ''),
    ).rejects.toThrow(/invalid code verifier/);
    const plain = new OAuth2({ clientId: 'sfcid', redirectUri, loginUrl: org.url, useVerifier: true });
    const res = await fetch(plain.getAuthorizationUrl({ state: 's' }), { redirect: 'manual' });
    expect(res.status).toBe(400);
  });

  it('rotates refresh tokens, and replaying a rotated one revokes the whole grant', async () => {
    org.fake.state.rotateRefreshTokens = true;
    const first = org.fake.issueTokens();
    const conn = new Connection({
      oauth2: oauth2(),
      instanceUrl: first.instance_url,
      accessToken: first.access_token,
      refreshToken: first.refresh_token,
      version: '67.0',
    });
    const refreshed: { access: string; refresh: string | undefined }[] = [];
    conn.on('refresh', (access: string, res: { refresh_token?: string }) => {
      refreshed.push({ access, refresh: res.refresh_token });
    });
    org.fake.expireAccessTokens();
    await conn.query('SELECT Id FROM Lead');
    expect(refreshed).toHaveLength(1);
    const second = refreshed[0]?.refresh;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first.refresh_token);
    expect(org.fake.state.tokenRequests.map((r) => [r.grantType, r.refreshToken, r.status])).toEqual([
      ['refresh_token', first.refresh_token, 200],
    ]);
    // jsforce keeps the OLD refresh token: the next refresh replays it and Salesforce revokes everything.
    org.fake.expireAccessTokens();
    await expect(conn.query('SELECT Id FROM Lead')).rejects.toThrow(/expired access\/refresh token/);
    const reuse = await fetch(`${org.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: second ?? '',
        client_id: 'sfcid',
      }),
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'expired access/refresh token',
    });
  });

  it('answers 401 INVALID_SESSION_ID once access tokens expire and no refresh is wired', async () => {
    const tokens = org.fake.issueTokens();
    const conn = new Connection({
      instanceUrl: tokens.instance_url,
      accessToken: tokens.access_token,
      version: '67.0',
    });
    org.fake.expireAccessTokens();
    await expect(conn.query('SELECT Id FROM Lead')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
  });
});
