import { eq, sql } from 'drizzle-orm';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeHubSpot, type FakeHubSpot } from '../../connectors/hubspot/fake/index';
import type { Config } from '../../src/config';
import { crmOwners, crmPipelines, crmRateLimits, installations } from '../../src/db/schema';
import { createApp } from '../../src/http/create-app';
import { connectionStatus } from '../../src/services/hubspot/install';
import { setupPortalJob } from '../../src/services/hubspot/install-setup';
import { markDisconnected, readTokens } from '../../src/services/hubspot/token-store';
import { useTestContext } from '../helpers/context';
import { apiFor } from '../helpers/fixtures';
import { hubspotServer } from '../helpers/hubspot-msw';

const BASE = 'https://fake.hubapi.test';
const ctx = useTestContext({
  env: {
    HUBSPOT_CLIENT_ID: 'cid',
    HUBSPOT_CLIENT_SECRET: 'sec',
    HUBSPOT_APP_ID: '7',
    HUBSPOT_API_BASE_URL: BASE,
    HUBSPOT_AUTH_BASE_URL: BASE, // the fake serves the consent step too
  },
});
let fake: FakeHubSpot;
const server = hubspotServer({ fetch: (r: Request) => fake.fetch(r) } as FakeHubSpot, BASE);
afterAll(() => server.close());
beforeEach(() => {
  server.resetHandlers(); // a failed test must not leave its one-off answers behind
  const clock = { now: () => ctx.clock.now().getTime() };
  fake = createFakeHubSpot({ clientId: 'cid', clientSecret: 'sec', appId: 7, portalId: 42, clock });
  fake.seed({ owners: 3, pipeline: true });
});

/** GET /oauth/hubspot/install: HubSpot's authorize URL and our state cookie. */
async function start(app = ctx.app) {
  const res = await app.request('/oauth/hubspot/install');
  return { res, location: res.headers.get('location') ?? '', setCookie: res.headers.get('set-cookie') ?? '' };
}

/** The admin approves in HubSpot: the browser follows the redirect back to our callback. */
async function consent(location: string) {
  const res = await fetch(location, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

function callback(url: URL | string, cookie: string | null, accept = 'application/json') {
  const u = typeof url === 'string' ? new URL(url, 'http://tandem.test') : url;
  return ctx.app.request(u.pathname + u.search, { headers: { accept, ...(cookie ? { cookie } : {}) } });
}

async function install() {
  const { location, setCookie } = await start();
  const back = await consent(location);
  const res = await callback(back, setCookie.split(';')[0] ?? '');
  return { res, body: (await res.json()) as Body };
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

async function codeOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

const rows = () => ctx.handle.db.select().from(installations);

describe('HubSpot install over OAuth', () => {
  it('happy: install redirects with a signed state cookie; the callback stores one sealed installation and sets the portal up', async () => {
    const { res, location, setCookie } = await start();
    expect(res.status).toBe(302);
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(`${BASE}/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe('cid');
    expect(url.searchParams.get('redirect_uri')).toBe('http://tandem.test/oauth/hubspot/callback');
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining([
        'oauth',
        'crm.objects.contacts.write',
        'crm.schemas.contacts.write',
        'timeline',
      ]),
    );
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=600/);
    expect(setCookie).toMatch(/Path=\/oauth\/hubspot/);
    expect(setCookie).not.toMatch(/Secure/); // the public URL is http here
    expect(setCookie).toContain(url.searchParams.get('state'));

    const back = await consent(location);
    const done = await callback(back, setCookie.split(';')[0] ?? '');
    expect(done.status).toBe(200);
    expect(done.headers.get('set-cookie')).toMatch(/Max-Age=0/); // the state is spent
    const body = (await done.json()) as Body;
    expect(body.installation).toMatchObject({
      portalId: 42,
      created: true,
      hubDomain: 'portal-42.example.test',
    });
    expect(body.setup).toMatchObject({
      group: 'created',
      pipelines: 1,
      owners: 3,
      lifecycleStages: 8,
      problems: [],
    });
    expect(body.setup.propertiesCreated).toHaveLength(5);
    expect(body.setupRetry).toBe(false);

    const [row, ...more] = await rows();
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({ crm: 'hubspot', externalId: '42', connectionStatus: 'connected' });
    expect(row?.tokenExpiresAt).toEqual(new Date(ctx.clock.now().getTime() + 1800_000));
    // Ciphertext only: no issued token appears anywhere in the row.
    const dump = await ctx.handle.db.execute(sql`select row_to_json(i)::text as t from installations i`);
    const text = String(dump.rows[0]?.t);
    const issued = [...fake.state.tokens.keys(), ...fake.state.refreshTokens.keys()];
    expect(issued.length).toBeGreaterThanOrEqual(2);
    for (const token of issued) expect(text).not.toContain(token);
    const opened = await readTokens(ctx.deps, ctx.deps.db, row!.id);
    expect(issued).toContain(opened?.credentials.accessToken);

    expect(fake.state.groups.get('contacts')?.map((g) => g.name)).toContain('tandem');
    const ours = fake.state.properties.get('contacts')?.filter((p) => p.groupName === 'tandem') ?? [];
    expect(ours.map((p) => p.name).sort()).toEqual([
      'tandem_band',
      'tandem_last_step',
      'tandem_next_step_at',
      'tandem_score',
      'tandem_sequence_status',
    ]);
    const [pipeline] = await ctx.handle.db.select().from(crmPipelines);
    expect(pipeline).toMatchObject({
      installationId: row!.id,
      externalId: 'default',
      label: 'Sales Pipeline',
    });
    expect(pipeline?.stages.find((s) => s.id === 'closedwon')).toEqual({
      id: 'closedwon',
      label: 'closedwon',
      closed: true,
      won: true,
    });
    const owners = await ctx.handle.db.select().from(crmOwners).where(eq(crmOwners.installationId, row!.id));
    expect(owners.map((o) => o.email).sort()).toEqual([
      'owner-1@example.test',
      'owner-2@example.test',
      'owner-3@example.test',
    ]);
    const settings = row?.settings.hubspot as Body;
    expect(settings.lifecycleStages.map((o: { value: string }) => o.value)).toContain(
      'marketingqualifiedlead',
    );
    expect(settings.leadStatuses.map((o: { value: string }) => o.value)).toContain('IN_PROGRESS');
    expect(settings).toMatchObject({ portalId: 42, installedBy: 'owner@example.test' });

    // Setup's calls took slots of the portal's shared rate window (group, 5 properties, pipelines, owners, 2 options).
    const [window] = await ctx.handle.db
      .select()
      .from(crmRateLimits)
      .where(eq(crmRateLimits.installationId, row!.id));
    expect(window?.recent.length).toBe(10);

    // The operator key shown once works on the API.
    expect((await apiFor(ctx, body.apiKey).get('/v1/sequences')).status).toBe(200);
    expect(await connectionStatus(ctx.deps, row!.id)).toEqual({
      status: 'connected',
      portalId: '42',
      reason: null,
      since: ctx.clock.now().toISOString(),
      tokenExpiresAt: new Date(ctx.clock.now().getTime() + 1800_000).toISOString(),
    });
  });

  it('happy: a re-install updates the tokens and reconnects a disconnected portal, never duplicating anything', async () => {
    const first = await install();
    const id = first.body.installation.id as string;
    const before = await readTokens(ctx.deps, ctx.deps.db, id);
    await markDisconnected(ctx.deps.db, id, 'refresh token rejected', ctx.clock.now());
    expect((await connectionStatus(ctx.deps, id)).status).toBe('disconnected');
    ctx.clock.advance(3_600_000);
    fake.state.owners.pop(); // an owner left the portal
    const again = await install();
    expect(again.res.status).toBe(200);
    expect(again.body.installation).toMatchObject({ id, created: false });
    expect(again.body.apiKey).toBeNull();
    expect(again.body.setup).toMatchObject({ group: 'existing', propertiesCreated: [] });
    expect(again.body.setup.propertiesExisting).toHaveLength(5);
    expect(await rows()).toHaveLength(1);
    const after = await readTokens(ctx.deps, ctx.deps.db, id);
    expect(after?.credentials.accessToken).not.toBe(before?.credentials.accessToken);
    expect(after?.status).toBe('connected');
    expect(await connectionStatus(ctx.deps, id)).toMatchObject({
      status: 'connected',
      reason: null,
      since: ctx.clock.now().toISOString(),
    });
    expect(fake.state.properties.get('contacts')?.filter((p) => p.groupName === 'tandem')).toHaveLength(5);
    const owners = await ctx.handle.db.select().from(crmOwners);
    expect(owners.filter((o) => o.archived).map((o) => o.email)).toEqual(['owner-3@example.test']);
  });

  it('happy: two callbacks for the same portal at once make one installation', async () => {
    const a = await start();
    const b = await start();
    const [backA, backB] = [await consent(a.location), await consent(b.location)];
    const results = await Promise.all([
      callback(backA, a.setCookie.split(';')[0] ?? ''),
      callback(backB, b.setCookie.split(';')[0] ?? ''),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(results.map((r) => r.json()))) as Array<Body>;
    expect(bodies.map((x) => x.installation.created).sort()).toEqual([false, true]);
    expect(new Set(bodies.map((x) => x.installation.id)).size).toBe(1);
    expect(await rows()).toHaveLength(1);
  });

  it('security: behind an https public URL the state cookie is Secure', async () => {
    const config = { ...ctx.deps.config, publicBaseUrl: 'https://tandem.example.com' };
    const { res, location, setCookie } = await start(createApp({ ...ctx.deps, config }));
    expect(res.status).toBe(302);
    expect(setCookie).toMatch(/; Secure/);
    expect(new URL(location).searchParams.get('redirect_uri')).toBe(
      'https://tandem.example.com/oauth/hubspot/callback',
    );
  });

  it('happy: a browser gets a small page saying what was installed', async () => {
    const { location, setCookie } = await start();
    const res = await callback(await consent(location), setCookie.split(';')[0] ?? '', 'text/html');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Tandem installed');
    expect(page).toContain('HubSpot portal 42');
  });

  it('security: a missing, forged, tampered or expired state is 400 and stores nothing', async () => {
    const { location, setCookie } = await start();
    const back = await consent(location);
    const cookie = setCookie.split(';')[0] ?? '';
    const noCookie = await callback(back, null);
    expect(noCookie.status).toBe(400);
    expect(await codeOf(noCookie)).toBe('oauth_state_missing');

    const forged = new URL(back);
    forged.searchParams.set('state', 'attacker-state');
    const mismatch = await callback(forged, cookie);
    expect(await codeOf(mismatch)).toBe('oauth_state_mismatch');

    const noState = new URL(back);
    noState.searchParams.delete('state');
    expect(await codeOf(await callback(noState, cookie))).toBe('oauth_state_missing');

    const [name, value] = cookie.split('=');
    const [state, expiry, mac] = (value ?? '').split('.');
    const extended = `${name}=${state}.${Number(expiry) + 3_600_000}.${mac}`;
    expect(await codeOf(await callback(back, extended))).toBe('oauth_state_invalid');

    ctx.clock.advance(10 * 60_000 + 1);
    const late = await callback(back, cookie);
    expect(late.status).toBe(400);
    expect(await codeOf(late)).toBe('oauth_state_expired');
    expect(await rows()).toHaveLength(0);
    expect(fake.state.groups.get('contacts') ?? []).toHaveLength(0);
  });

  it('error: a declined consent, a bad code and a missing code are 400 with a code; nothing stored', async () => {
    const declined = await start();
    const state = new URL(declined.location).searchParams.get('state') ?? '';
    const denied = await callback(
      `/oauth/hubspot/callback?error=access_denied&error_description=The+user+declined&state=${state}`,
      declined.setCookie.split(';')[0] ?? '',
    );
    expect(denied.status).toBe(400);
    expect(((await denied.json()) as Body).error).toMatchObject({
      code: 'access_denied',
      message: 'The user declined',
    });

    const bad = await start();
    const badState = new URL(bad.location).searchParams.get('state') ?? '';
    const rejected = await callback(
      `/oauth/hubspot/callback?code=not-a-code&state=${badState}`,
      bad.setCookie.split(';')[0] ?? '',
    );
    expect(rejected.status).toBe(400);
    expect(await codeOf(rejected)).toBe('oauth_code_rejected');

    const none = await start();
    const noneState = new URL(none.location).searchParams.get('state') ?? '';
    const noCode = await callback(
      `/oauth/hubspot/callback?state=${noneState}`,
      none.setCookie.split(';')[0] ?? '',
    );
    expect(noCode.status).toBe(400);
    expect(await rows()).toHaveLength(0);
  });

  it('error: a setup step HubSpot refuses leaves the install standing and queues a setup retry that completes it', async () => {
    server.use(
      http.get(`${BASE}/crm/v3/pipelines/deals`, () =>
        HttpResponse.json(
          { status: 'error', message: 'This app lacks a scope', category: 'MISSING_SCOPES' },
          { status: 403 },
        ),
      ),
    );
    const { res, body } = await install();
    server.resetHandlers();
    expect(res.status).toBe(200);
    expect(body.setup.problems).toEqual([expect.stringMatching(/^pipelines: /)]);
    expect(body.setupRetry).toBe(true);
    expect(body.setup.owners).toBe(3); // the other steps ran
    const id = body.installation.id as string;
    const jobs = await ctx.handle.db.execute(
      sql`select data from pgboss.job where name = 'hubspot.setupPortal' and state = 'created'`,
    );
    expect(jobs.rows.map((r) => r.data)).toEqual([{ installationId: id }]);
    expect(await ctx.handle.db.select().from(crmPipelines)).toHaveLength(0);
    const report = await setupPortalJob(ctx.deps, id);
    expect(report).toMatchObject({ pipelines: 1, problems: [], group: 'existing' });
    expect(await ctx.handle.db.select().from(crmPipelines)).toHaveLength(1);
  });

  it('error: HubSpot down at the exchange is 502 hubspot_unavailable and stores nothing', async () => {
    const { location, setCookie } = await start();
    const back = await consent(location);
    fake.outage({ status: 503, until: ctx.clock.now().getTime() + 60_000 });
    const res = await callback(back, setCookie.split(';')[0] ?? '');
    expect(res.status).toBe(502);
    expect(await codeOf(res)).toBe('hubspot_unavailable');
    expect(await rows()).toHaveLength(0);
  });

  it('error: without HUBSPOT_CLIENT_ID/SECRET both routes are 503 hubspot_not_configured', async () => {
    const { HUBSPOT_CLIENT_ID: _id, HUBSPOT_CLIENT_SECRET: _secret, ...rest } = ctx.deps.config;
    const app = createApp({ ...ctx.deps, config: rest as Config });
    for (const path of ['/oauth/hubspot/install', '/oauth/hubspot/callback?code=x&state=y']) {
      const res = await app.request(path);
      expect(res.status).toBe(503);
      expect(await codeOf(res)).toBe('hubspot_not_configured');
    }
  });
});
