import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../connectors/salesforce/fake/schema';
import type { Config } from '../../src/config';
import { crmOwners, crmPipelines, installations } from '../../src/db/schema';
import { createApp } from '../../src/http/create-app';
import { verifyCallout } from '../../src/services/salesforce/callout-secret';
import { readCredentials } from '../../src/services/salesforce/token-store';
import { useTestContext } from '../helpers/context';
import { apiFor } from '../helpers/fixtures';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;

/** GET /oauth/salesforce/install: the authorize URL and our state cookie. */
async function start(query = '', app = ctx.app) {
  const res = await app.request(`/oauth/salesforce/install${query}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return {
    res,
    location: res.headers.get('location') ?? '',
    setCookie,
    cookie: setCookie.split(';')[0] ?? '',
  };
}

/** The admin approves at the fake's login host: the browser follows its redirect back to our callback. */
async function consent(location: string) {
  const res = await fetch(location, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

function callback(url: URL | string, cookie: string | null, accept = 'application/json', app = ctx.app) {
  const u = typeof url === 'string' ? new URL(url, 'http://tandem.test') : url;
  return app.request(u.pathname + u.search, { headers: { accept, ...(cookie ? { cookie } : {}) } });
}

async function install() {
  const { location, cookie } = await start();
  const res = await callback(await consent(location), cookie);
  return { res, body: (await res.json()) as Body };
}

const codeOf = async (res: Response) => ((await res.json()) as Body).error.code as string;
const rows = () => ctx.handle.db.select().from(installations);
const callout = (orgId: string, secret: string) =>
  verifyCallout(ctx.deps, {
    headers: new Headers({ 'x-tandem-org': orgId, 'x-tandem-secret': secret }),
    rawBody: '',
  });

describe('Salesforce install over OAuth', () => {
  it('happy: install redirects to authorize with PKCE S256 and a signed state cookie; the callback stores one sealed installation', async () => {
    const { res, location, setCookie, cookie } = await start();
    expect(res.status).toBe(302);
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(`${org.url}/services/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'sfcid',
      redirect_uri: 'http://tandem.test/oauth/salesforce/callback',
      scope: 'api refresh_token',
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.has('code_verifier')).toBe(false);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=600/);
    expect(setCookie).toMatch(/Path=\/oauth\/salesforce/);

    const done = await callback(await consent(location), cookie);
    expect(done.status).toBe(200);
    expect(done.headers.get('set-cookie')).toMatch(/Max-Age=0/); // the state is spent
    const body = (await done.json()) as Body;
    const orgId = org.fake.state.orgId;
    expect(orgId).toHaveLength(18);
    expect(body).toEqual({
      installation: {
        id: expect.any(String),
        name: expect.any(String),
        crm: 'salesforce',
        externalId: orgId,
      },
      orgId,
      instanceUrl: org.url,
      apiKey: expect.stringMatching(/\S{20,}/),
      calloutSecret: expect.stringMatching(/^tcs_/),
      reinstalled: false,
      warnings: [],
    });

    const [row, ...more] = await rows();
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({ crm: 'salesforce', externalId: orgId, connectionStatus: 'connected' });
    expect(row?.tokenExpiresAt).toBeNull();
    // Ciphertext only: no issued token appears anywhere in the row.
    const dump = await ctx.handle.db.execute(sql`select row_to_json(i)::text as t from installations i`);
    const issued = [...org.fake.state.tokens.keys(), ...org.fake.state.refreshTokens.keys()];
    expect(issued).toHaveLength(2);
    for (const token of [...issued, body.calloutSecret]) expect(String(dump.rows[0]?.t)).not.toContain(token);
    const creds = (await readCredentials(ctx.deps, ctx.deps.db, row!.id))?.credentials;
    expect(creds).toEqual({
      accessToken: issued[0],
      refreshToken: issued[1],
      instanceUrl: org.url,
      orgId,
      userId: org.fake.state.userId,
      loginUrl: org.url,
      scopes: ['api', 'refresh_token'],
    });

    // The secrets shown once work: the callout secret for the org's Flows, the key on our API.
    expect(body.calloutSecret).toMatch(/^tcs_/);
    expect(await callout(orgId, body.calloutSecret)).toEqual({
      ok: true,
      value: { installationId: row!.id },
    });
    expect((await apiFor(ctx, body.apiKey).get('/v1/sequences')).status).toBe(200);
  });

  it('happy: owners are the org users (inactive ones archived) and the stages are the opportunities pipeline in SortOrder', async () => {
    org.fake.putRecord('User', {
      Email: 'Rep@Example.test',
      FirstName: 'Rita',
      LastName: 'Rep',
      IsActive: true,
    });
    org.fake.putRecord('User', {
      Email: 'gone@example.test',
      FirstName: 'Gus',
      LastName: 'Gone',
      IsActive: false,
    });
    const { body } = await install();
    expect(body.warnings).toEqual([]);
    const owners = await ctx.handle.db.select().from(crmOwners);
    expect(owners.map((o) => [o.email, o.archived, o.externalId === o.userId]).sort()).toEqual([
      ['admin@example.test', false, true],
      ['gone@example.test', true, true],
      ['rep@example.test', false, true],
    ]);
    const [pipeline, ...others] = await ctx.handle.db.select().from(crmPipelines);
    expect(others).toHaveLength(0);
    expect(pipeline).toMatchObject({ externalId: 'opportunities', label: 'Opportunities' });
    expect(pipeline?.stages.map((s) => s.id)).toEqual([
      'Prospecting',
      'Qualification',
      'Needs Analysis',
      'Value Proposition',
      'Id. Decision Makers',
      'Perception Analysis',
      'Proposal/Price Quote',
      'Negotiation/Review',
      'Closed Won',
      'Closed Lost',
    ]);
    expect(pipeline?.stages.slice(-2)).toEqual([
      { id: 'Closed Won', label: 'Closed Won', closed: true, won: true },
      { id: 'Closed Lost', label: 'Closed Lost', closed: true, won: false },
    ]);
  });

  it('happy: a re-install of the same org updates the tokens, reconnects, replaces the callout secret and adds no row or key', async () => {
    const first = await install();
    const id = first.body.installation.id as string;
    const before = await readCredentials(ctx.deps, ctx.deps.db, id);
    await ctx.handle.db
      .update(installations)
      .set({
        connectionStatus: 'disconnected',
        disconnectedReason: 'revoked',
        disconnectedAt: ctx.clock.now(),
      })
      .where(eq(installations.id, id));
    ctx.clock.advance(3_600_000);
    const again = await install();
    expect(again.res.status).toBe(200);
    expect(again.body.installation).toMatchObject({ id, externalId: first.body.orgId });
    expect(again.body.reinstalled).toBe(true);
    expect(again.body).not.toHaveProperty('apiKey');
    expect(again.body.calloutSecret).not.toBe(first.body.calloutSecret);
    expect(await rows()).toHaveLength(1);
    const after = await readCredentials(ctx.deps, ctx.deps.db, id);
    expect(after?.credentials.accessToken).not.toBe(before?.credentials.accessToken);
    expect(after).toMatchObject({ status: 'connected', reason: null });
    const orgId = org.fake.state.orgId;
    expect((await callout(orgId, first.body.calloutSecret)).ok).toBe(false);
    expect((await callout(orgId, again.body.calloutSecret)).ok).toBe(true);
  });

  it('happy: two callbacks for the same org at once make one installation', async () => {
    const a = await start();
    const b = await start();
    const [backA, backB] = [await consent(a.location), await consent(b.location)];
    const results = await Promise.all([callback(backA, a.cookie), callback(backB, b.cookie)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(results.map((r) => r.json()))) as Body[];
    expect(bodies.map((x) => x.reinstalled).sort()).toEqual([false, true]);
    expect(bodies.filter((x) => x.apiKey)).toHaveLength(1);
    expect(await rows()).toHaveLength(1);
  });

  it('happy: the install queues the backfill and answers a browser with a page that shows the secrets once', async () => {
    const { location, cookie } = await start();
    const res = await callback(await consent(location), cookie, 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain('<h1>Tandem installed</h1>');
    expect(page).toMatch(/<code>tcs_[^<]+<\/code>/);
    expect(page).toContain('1 users and 10 opportunity stages read');
    const [row] = await rows();
    const jobs = await ctx.handle.db.execute(
      sql`select data from pgboss.job where name = 'salesforce.backfill' and state = 'created'`,
    );
    expect(jobs.rows.map((r) => r.data)).toEqual([{ installationId: row!.id }]);
  });

  it('happy: sandbox logs in at test.salesforce.com and a My Domain at its own host; the stored login URL is the one the state carried', async () => {
    const sandbox = new URL((await start('?env=sandbox')).location);
    expect(sandbox.origin + sandbox.pathname).toBe('https://test.salesforce.com/services/oauth2/authorize');
    const mine = new URL((await start('?domain=Acme--UAT.sandbox.my.salesforce.com')).location);
    expect(mine.origin).toBe('https://acme--uat.sandbox.my.salesforce.com');
    const url = new URL((await start('?env=production&domain=https://acme.my.salesforce.com/')).location);
    expect(url.origin).toBe('https://acme.my.salesforce.com');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const config = { ...ctx.deps.config, publicBaseUrl: 'https://tandem.example.com' };
    const secure = await start('', createApp({ ...ctx.deps, config }));
    expect(secure.setCookie).toMatch(/; Secure/);
    expect(new URL(secure.location).searchParams.get('redirect_uri')).toBe(
      'https://tandem.example.com/oauth/salesforce/callback',
    );
    // The host rides in the signed cookie: the stored credentials name it for later refreshes.
    const { body } = await install();
    const creds = await readCredentials(ctx.deps, ctx.deps.db, body.installation.id);
    expect(creds?.credentials.loginUrl).toBe(org.url);
  });

  it('sad: a domain that is not a My Domain host, or an unknown env, is a 400 and no redirect', async () => {
    for (const domain of [
      'evil.example.com',
      'acme.my.salesforce.com.evil.test',
      'acme.my.salesforce.com/path',
      'acme.my.salesforce.com:8443',
      'http://acme.my.salesforce.com',
      'a@acme.my.salesforce.com',
      '.my.salesforce.com',
    ]) {
      const { res } = await start(`?domain=${encodeURIComponent(domain)}`);
      expect(res.status, domain).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await codeOf(res)).toBe('invalid_domain');
    }
    const { res } = await start('?env=staging');
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('invalid_env');
  });

  it('sad: a code bound to another PKCE challenge is a clear 400 and stores nothing', async () => {
    const ours = await start();
    const other = await start();
    const swapped = new URL(ours.location);
    swapped.searchParams.set('code_challenge', new URL(other.location).searchParams.get('code_challenge')!);
    const res = await callback(await consent(swapped.toString()), ours.cookie);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Body;
    expect(body.error.code).toBe('oauth_code_rejected');
    expect(body.error.message).toMatch(/invalid_grant/);
    expect(await rows()).toHaveLength(0);
  });

  it('sad: a missing, forged, mismatched or expired state is a 400 before any exchange', async () => {
    const { location, cookie } = await start();
    const back = await consent(location);
    const [body = '', mac = ''] = cookie.replace(/^[^=]+=/, '').split('.');
    const name = cookie.split('=')[0];
    const forged = `${name}=${body.slice(0, -2)}${body.slice(-2) === 'AA' ? 'BB' : 'AA'}.${mac}`;
    const wrongState = new URL(back);
    wrongState.searchParams.set('state', 'x'.repeat(32));
    for (const [url, c] of [
      [back, null],
      [back, forged],
      [wrongState, cookie],
    ] as const) {
      const res = await callback(url, c);
      expect(res.status).toBe(400);
      expect(await codeOf(res)).toBe('invalid_state');
    }
    ctx.clock.advance(601_000);
    const late = await callback(back, cookie);
    expect(late.status).toBe(400);
    expect(((await late.json()) as Body).error.message).toMatch(/10 minutes/);
    expect(await rows()).toHaveLength(0);
    expect(org.fake.state.tokens.size).toBe(0);
  });

  it('sad: Salesforce declining is a 400 with its reason; no client id is a 503', async () => {
    const { cookie } = await start();
    const denied = await callback(
      '/oauth/salesforce/callback?error=access_denied&error_description=end-user+denied+authorization',
      cookie,
    );
    expect(denied.status).toBe(400);
    const body = (await denied.json()) as Body;
    expect(body.error).toMatchObject({ code: 'access_denied' });
    expect(body.error.message).toContain('end-user denied authorization');
    const { SALESFORCE_CLIENT_ID: _id, ...rest } = ctx.deps.config;
    const app = createApp({ ...ctx.deps, config: rest as Config });
    for (const path of ['/oauth/salesforce/install', '/oauth/salesforce/callback?code=x&state=y']) {
      const res = await app.request(path);
      expect(res.status).toBe(503);
      expect(await codeOf(res)).toBe('salesforce_not_configured');
    }
  });

  it('sad: fields not deployed and a failing describe are warnings; the install stands', async () => {
    const lead = SCHEMA.Lead!;
    const saved = [...lead];
    lead.splice(0, lead.length, ...saved.filter((f) => !/^Tandem_(Score|Band)__c$/.test(f.name)));
    org.fake.outage({ status: 500, times: 2, match: (path) => path.endsWith('/sobjects/Contact/describe') });
    try {
      const { res, body } = await install();
      expect(res.status).toBe(200);
      expect(body.warnings).toEqual([
        'Lead lacks Tandem_Score__c, Tandem_Band__c: deploy manifest/salesforce to the org',
        expect.stringMatching(/^fields Contact: /),
      ]);
      expect(await rows()).toHaveLength(1);
      expect(body.calloutSecret).toMatch(/^tcs_/);
    } finally {
      lead.splice(0, lead.length, ...saved);
    }
  });
});
