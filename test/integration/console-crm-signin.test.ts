import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeHubSpot, type FakeHubSpot } from '../../connectors/hubspot/fake/index';
import { consoleSessions } from '../../src/db/schema';
import { createInstallation } from '../../src/services/installations';
import { useTestContext } from '../helpers/context';
import { hubspotServer } from '../helpers/hubspot-msw';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';

const HUBSPOT = 'https://fake.hubapi.test';
const org = await startFakeOrg();
const ctx = useTestContext({
  env: {
    HUBSPOT_CLIENT_ID: 'cid',
    HUBSPOT_CLIENT_SECRET: 'sec',
    HUBSPOT_APP_ID: '7',
    HUBSPOT_API_BASE_URL: HUBSPOT,
    HUBSPOT_AUTH_BASE_URL: HUBSPOT, // the fake serves the consent step too
    ...SALESFORCE_ENV(org.url),
  },
});
useFakeSalesforce(ctx, org);
let hubspot: FakeHubSpot;
const server = hubspotServer({ fetch: (r: Request) => hubspot.fetch(r) } as FakeHubSpot, HUBSPOT);
afterAll(() => server.close());
beforeEach(() => {
  server.resetHandlers();
  const clock = { now: () => ctx.clock.now().getTime() };
  hubspot = createFakeHubSpot({ clientId: 'cid', clientSecret: 'sec', appId: 7, portalId: 42, clock });
});

/** The cookies a response sets, as a request's Cookie header (deleted ones left out). */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .filter((c) => !/Max-Age=0/.test(c))
    .map((c) => c.split(';')[0])
    .join('; ');

/** Start -> the CRM consents at once -> our callback, with the browser's cookies (or `cookie`). */
async function signIn(crm: 'hubspot' | 'salesforce', query = '', cookie?: (c: string) => string) {
  const start = await ctx.app.request(`/app/login/${crm}${query}`);
  expect(start.status).toBe(302);
  const location = start.headers.get('location') ?? '';
  expect(new URL(location).searchParams.get('redirect_uri')).toBe(
    `http://tandem.test/app/login/${crm}/callback`,
  );
  const consent = await fetch(location, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const back = new URL(consent.headers.get('location') ?? '');
  const jar = cookiesOf(start);
  const res = await ctx.app.request(back.pathname + back.search, {
    headers: { accept: 'text/html', cookie: cookie ? cookie(jar) : jar },
  });
  return { res, back };
}

const sessions = () => ctx.handle.db.select().from(consoleSessions);
const sessionCookie = (res: Response) =>
  res.headers.getSetCookie().find((c) => c.startsWith('tandem_session='));

describe('console sign-in with HubSpot', () => {
  it('lands in the installation of the portal, as the HubSpot user, at `next`', async () => {
    await createInstallation(ctx.handle.db, { name: 'Other', crm: 'hubspot', externalId: '41' });
    const mine = await createInstallation(ctx.handle.db, {
      name: 'Portal 42',
      crm: 'hubspot',
      externalId: '42',
    });
    const { res } = await signIn('hubspot', '?next=/app/sequences');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/sequences');
    expect(sessionCookie(res)).toMatch(/HttpOnly/);
    const [session] = await sessions();
    expect(session).toMatchObject({
      installationId: mine.id,
      identity: 'hubspot:1',
      label: 'owner@example.test',
      role: 'admin',
    });
    const home = await ctx.app.request('/app', {
      headers: { accept: 'text/html', cookie: sessionCookie(res)!.split(';')[0]! },
    });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Portal 42');
  });

  it('refuses a portal without an installation, saying so', async () => {
    await createInstallation(ctx.handle.db, { name: 'Other', crm: 'hubspot', externalId: '41' });
    const { res } = await signIn('hubspot');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Tandem is not installed in HubSpot portal 42');
    expect(sessionCookie(res)).toBeUndefined();
    expect(await sessions()).toEqual([]);
  });

  it('refuses a missing or tampered state', async () => {
    await createInstallation(ctx.handle.db, { name: 'Portal 42', crm: 'hubspot', externalId: '42' });
    const missing = await signIn('hubspot', '', () => '');
    expect(missing.res.status).toBe(400);
    expect(await missing.res.text()).toContain('did not start in this browser');
    const tampered = await signIn('hubspot', '', (jar) =>
      jar.replace(/tandem_signin_state=[^.]+/, 'tandem_signin_state=forged'),
    );
    expect(tampered.res.status).toBe(400);
    expect(await sessions()).toEqual([]);
  });
});

describe('console sign-in with Salesforce', () => {
  it('lands in the installation of the org (18-character id), as the Salesforce user', async () => {
    const orgId = org.fake.state.orgId;
    expect(orgId).toHaveLength(18);
    const mine = await createInstallation(ctx.handle.db, {
      name: 'Org',
      crm: 'salesforce',
      externalId: orgId,
    });
    const { res } = await signIn('salesforce', '?next=/app/settings');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/settings');
    const [session] = await sessions();
    expect(session).toMatchObject({
      installationId: mine.id,
      identity: `salesforce:${org.fake.state.userId}`,
      label: 'admin@example.test', // the fake org's admin
      role: 'admin',
    });
    // The sign-in keeps no tokens: the ones it was given are revoked.
    expect([...org.fake.state.refreshTokens.values()].every((g) => g.revoked)).toBe(true);
  });

  it('refuses an org without an installation, saying so', async () => {
    const { res } = await signIn('salesforce', '?env=production');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(`Tandem is not installed in Salesforce org ${org.fake.state.orgId}`);
    expect(await sessions()).toEqual([]);
  });

  it('refuses a missing or mismatched state, and a bad env', async () => {
    await createInstallation(ctx.handle.db, {
      name: 'Org',
      crm: 'salesforce',
      externalId: org.fake.state.orgId,
    });
    const missing = await signIn('salesforce', '', () => '');
    expect(missing.res.status).toBe(400);
    const other = await ctx.app.request('/app/login/salesforce');
    const mismatched = await signIn('salesforce', '', () => cookiesOf(other));
    expect(mismatched.res.status).toBe(400);
    expect(await mismatched.res.text()).toContain('did not start in this browser');
    expect(await sessions()).toEqual([]);
    const env = await ctx.app.request('/app/login/salesforce?env=staging');
    expect(env.status).toBe(400);
  });
});
