import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { salesforceCall } from '../../connectors/salesforce/client';
import { installations } from '../../src/db/schema';
import { salesforceTransport } from '../../src/services/salesforce/connector';
import { readCredentials } from '../../src/services/salesforce/token-store';
import { useTestContext } from '../helpers/context';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

const transport = (id: string) =>
  salesforceTransport(ctx.deps, id, {
    sleep: async (ms) => {
      ctx.clock.advance(ms);
    },
  });
const users = (id: string) =>
  salesforceCall(transport(id), 'list users', (conn) => conn.query<{ Id: string }>('SELECT Id FROM User'));
const refreshes = () => org.fake.state.tokenRequests.filter((r) => r.grantType === 'refresh_token');
const stored = async (id: string) => (await readCredentials(ctx.deps, ctx.deps.db, id))?.credentials;

describe('Salesforce tokens', () => {
  it('stores the tokens sealed: neither token appears in the row', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    const creds = await stored(installationId);
    const [row] = await ctx.deps.db.select().from(installations).where(eq(installations.id, installationId));
    expect(row?.credentialsSealed).toMatch(/^v2\./);
    expect(row?.credentialsSealed).not.toContain(creds?.accessToken);
    expect(row?.credentialsSealed).not.toContain(creds?.refreshToken);
    expect(creds?.instanceUrl).toBe(org.url);
    expect(row?.externalId).toBe(org.fake.state.orgId);
  });

  it('refreshes once on a 401, persists the new access token and the call succeeds', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    const before = await stored(installationId);
    org.fake.expireAccessTokens();
    const result = await users(installationId);
    expect(result.ok).toBe(true);
    expect(refreshes()).toHaveLength(1);
    const after = await stored(installationId);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(after?.refreshToken).toBe(before?.refreshToken); // no rotation: the old one stays
  });

  it('persists a rotated refresh token and the next refresh uses it', async () => {
    org.fake.state.rotateRefreshTokens = true;
    const { installationId } = await connectedSalesforce(ctx, org);
    const first = await stored(installationId);
    org.fake.expireAccessTokens();
    expect((await users(installationId)).ok).toBe(true);
    const rotated = await stored(installationId);
    expect(rotated?.refreshToken).not.toBe(first?.refreshToken);

    org.fake.expireAccessTokens();
    expect((await users(installationId)).ok).toBe(true);
    expect(refreshes().map((r) => [r.refreshToken, r.status])).toEqual([
      [first?.refreshToken, 200],
      [rotated?.refreshToken, 200],
    ]);
  });

  it("refreshes at the org's own login host (sandbox, My Domain), not the configured default", async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    const deps = {
      ...ctx.deps,
      config: { ...ctx.deps.config, SALESFORCE_LOGIN_URL: 'https://login.invalid' },
    };
    org.fake.expireAccessTokens();
    const result = await salesforceCall(salesforceTransport(deps, installationId), 'list users', (conn) =>
      conn.query('SELECT Id FROM User'),
    );
    expect(result.ok).toBe(true);
    expect(refreshes()).toHaveLength(1);
  });

  it('two workers hitting a 401 at once refresh once (a rotated token is never replayed)', async () => {
    org.fake.state.rotateRefreshTokens = true;
    const { installationId } = await connectedSalesforce(ctx, org);
    org.fake.expireAccessTokens();
    const results = await Promise.all([users(installationId), users(installationId), users(installationId)]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(refreshes()).toHaveLength(1);
    // The grant is alive: a later refresh still works.
    org.fake.expireAccessTokens();
    expect((await users(installationId)).ok).toBe(true);
    expect(refreshes().map((r) => r.status)).toEqual([200, 200]);
  });

  it('a revoked grant disconnects the installation with the reason; no call is made after', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    org.fake.revokeAll();
    const result = await users(installationId);
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized', retryable: false } });
    const [row] = await ctx.deps.db.select().from(installations).where(eq(installations.id, installationId));
    expect(row?.connectionStatus).toBe('disconnected');
    expect(row?.disconnectedReason).toContain('invalid_grant');

    const seen = org.fake.state.requests.length;
    const again = await users(installationId);
    expect(again).toMatchObject({ ok: false, error: { code: 'unauthorized', retryable: false } });
    expect(org.fake.state.requests.length).toBe(seen);
  });
});
