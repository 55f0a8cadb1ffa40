import { eq } from 'drizzle-orm';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeHubSpot, type FakeHubSpot } from '../../connectors/hubspot/fake/index';
import { revokeRefreshToken, tokenRefreshes, uninstallApp } from '../../connectors/hubspot/fake/oauth';
import { createDb } from '../../src/db/client';
import { installations } from '../../src/db/schema';
import { requestToken } from '../../src/services/hubspot/token-http';
import { writeTokens } from '../../src/services/hubspot/token-store';
import { accessTokenFor, refreshAfterUnauthorized } from '../../src/services/hubspot/tokens';
import { createInstallation } from '../../src/services/installations';
import { useTestContext } from '../helpers/context';
import { hubspotServer } from '../helpers/hubspot-msw';

const BASE = 'https://fake.hubapi.test';
const ctx = useTestContext({
  env: {
    HUBSPOT_CLIENT_ID: 'cid',
    HUBSPOT_CLIENT_SECRET: 'sec',
    HUBSPOT_APP_ID: '7',
    HUBSPOT_API_BASE_URL: BASE,
    HUBSPOT_AUTH_BASE_URL: BASE,
  },
});
let fake: FakeHubSpot;
const server = hubspotServer({ fetch: (r: Request) => fake.fetch(r) } as FakeHubSpot, BASE);
afterAll(() => server.close());
beforeEach(() => {
  server.resetHandlers(); // a failed test must not leave its one-off answers behind
  const clock = { now: () => ctx.clock.now().getTime() };
  fake = createFakeHubSpot({ clientId: 'cid', clientSecret: 'sec', appId: 7, portalId: 42, clock });
});

const MIN = 60_000;

/** A HubSpot installation holding freshly exchanged tokens (what the install flow stores). */
async function connected() {
  const code = fake.issueCode(['oauth', 'crm.objects.contacts.read']);
  const answer = await requestToken(ctx.deps, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: 'http://tandem.test/oauth/hubspot/callback',
  });
  if (!answer.ok) throw new Error(answer.message);
  const { grant } = answer;
  const row = await createInstallation(ctx.deps.db, { name: 'p42', crm: 'hubspot', externalId: '42' });
  const expiresAt = new Date(ctx.clock.now().getTime() + grant.expiresIn * 1000);
  const creds = {
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken ?? '',
    hubId: 42,
    scopes: ['oauth'],
  };
  await writeTokens(ctx.deps, ctx.deps.db, row.id, creds, expiresAt);
  return { id: row.id, ...creds };
}

/** Whether HubSpot accepts the token for an API call right now. */
async function works(token: string) {
  const res = await fetch(`${BASE}/crm/v3/owners`, { headers: { authorization: `Bearer ${token}` } });
  return res.status === 200;
}

async function row(id: string) {
  const [found] = await ctx.handle.db.select().from(installations).where(eq(installations.id, id));
  return found!;
}

describe('HubSpot access tokens', () => {
  it('refreshes only when less than a minute is left; the new token and expiry are stored', async () => {
    const ins = await connected();
    ctx.clock.advance(28 * MIN);
    expect(await accessTokenFor(ctx.deps, ins.id)).toEqual({ ok: true, accessToken: ins.accessToken });
    expect(tokenRefreshes(fake.state)).toBe(0);
    ctx.clock.advance(MIN + 30_000); // 30 s left
    const next = await accessTokenFor(ctx.deps, ins.id);
    expect(tokenRefreshes(fake.state)).toBe(1);
    if (!next.ok) throw new Error(next.message);
    expect(next.accessToken).not.toBe(ins.accessToken);
    ctx.clock.advance(MIN); // the old token has expired at HubSpot, the new one works
    expect(await works(ins.accessToken)).toBe(false);
    expect(await works(next.accessToken)).toBe(true);
    expect((await row(ins.id)).tokenExpiresAt?.getTime()).toBe(ctx.clock.now().getTime() - MIN + 1800_000);
    expect(await accessTokenFor(ctx.deps, ins.id)).toEqual(next);
    expect(tokenRefreshes(fake.state)).toBe(1);
  });

  it('after a 401 refreshes once: a second report of the same stale token gets the new one', async () => {
    const ins = await connected();
    const first = await refreshAfterUnauthorized(ctx.deps, ins.id, ins.accessToken);
    const second = await refreshAfterUnauthorized(ctx.deps, ins.id, ins.accessToken);
    expect(first.ok && first.accessToken !== ins.accessToken).toBe(true);
    expect(second).toEqual(first);
    expect(tokenRefreshes(fake.state)).toBe(1);
  });

  it('10 parallel callers with an expired token cause exactly one refresh', async () => {
    const ins = await connected();
    ctx.clock.advance(31 * MIN);
    const results = await Promise.all(Array.from({ length: 10 }, () => accessTokenFor(ctx.deps, ins.id)));
    expect(tokenRefreshes(fake.state)).toBe(1);
    const tokens = new Set(results.map((r) => (r.ok ? r.accessToken : r.code)));
    expect(tokens.size).toBe(1);
    expect(await works([...tokens][0] ?? '')).toBe(true);
  });

  it('two processes (separate connection pools) refreshing at once make one refresh', async () => {
    const ins = await connected();
    ctx.clock.advance(31 * MIN);
    const pools = [createDb(ctx.url, { max: 5 }), createDb(ctx.url, { max: 5 })];
    try {
      const results = await Promise.all(
        pools.flatMap((p) => [1, 2, 3].map(() => accessTokenFor({ ...ctx.deps, db: p.db }, ins.id))),
      );
      expect(tokenRefreshes(fake.state)).toBe(1);
      expect(new Set(results.map((r) => (r.ok ? r.accessToken : r.code))).size).toBe(1);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  it('a revoked refresh token disconnects the installation with a reason; later calls stay disconnected', async () => {
    const ins = await connected();
    revokeRefreshToken(fake.state, ins.refreshToken);
    ctx.clock.advance(31 * MIN);
    const result = await accessTokenFor(ctx.deps, ins.id);
    expect(result).toMatchObject({ ok: false, code: 'disconnected' });
    const stored = await row(ins.id);
    expect(stored.connectionStatus).toBe('disconnected');
    expect(stored.disconnectedReason).toMatch(/BAD_REFRESH_TOKEN/);
    expect(stored.disconnectedAt).toEqual(ctx.clock.now());
    const calls = fake.requests().length;
    expect(await refreshAfterUnauthorized(ctx.deps, ins.id, ins.accessToken)).toMatchObject({
      code: 'disconnected',
    });
    expect(fake.requests().length).toBe(calls);
  });

  it('an uninstalled app (all tokens dead) disconnects on the 401 path too', async () => {
    const ins = await connected();
    uninstallApp(fake.state);
    expect(await works(ins.accessToken)).toBe(false);
    const result = await refreshAfterUnauthorized(ctx.deps, ins.id, ins.accessToken);
    expect(result).toMatchObject({ ok: false, code: 'disconnected' });
  });

  it('a refresh answered 403 disconnects; a 400 about our client id does not (our configuration, not theirs)', async () => {
    const ins = await connected();
    const answer = (status: number, category: string) =>
      server.use(
        http.post(`${BASE}/oauth/v1/token`, () =>
          HttpResponse.json({ status: 'error', message: category, category }, { status }),
        ),
      );
    answer(400, 'BAD_CLIENT_ID');
    expect(await refreshAfterUnauthorized(ctx.deps, ins.id, ins.accessToken)).toMatchObject({
      code: 'unavailable',
    });
    expect((await row(ins.id)).connectionStatus).toBe('connected');
    server.resetHandlers();
    answer(403, 'FORBIDDEN');
    expect(await refreshAfterUnauthorized(ctx.deps, ins.id, ins.accessToken)).toMatchObject({
      code: 'disconnected',
    });
    server.resetHandlers();
    expect((await row(ins.id)).disconnectedReason).toMatch(/403/);
  });

  it('HubSpot down: unavailable, still connected, and the next call refreshes', async () => {
    const ins = await connected();
    ctx.clock.advance(31 * MIN);
    fake.outage({ status: 503, until: ctx.clock.now().getTime() + MIN });
    expect(await accessTokenFor(ctx.deps, ins.id)).toMatchObject({ ok: false, code: 'unavailable' });
    expect((await row(ins.id)).connectionStatus).toBe('connected');
    ctx.clock.advance(MIN);
    expect((await accessTokenFor(ctx.deps, ins.id)).ok).toBe(true);
    expect(tokenRefreshes(fake.state)).toBe(1);
  });

  it('tokens of one installation are not another one: an unknown id is disconnected', async () => {
    await connected();
    expect(await accessTokenFor(ctx.deps, 'ins_missing')).toMatchObject({ ok: false, code: 'disconnected' });
  });
});
