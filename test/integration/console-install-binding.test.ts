// A CRM install started from a signed-in console session connects that session's installation;
// without a session it is the marketplace install it always was (one installation per portal/org).
import { eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeHubSpot, type FakeHubSpot } from '../../connectors/hubspot/fake/index';
import { apiKeys, installations } from '../../src/db/schema';
import { startSession } from '../../src/services/console/sessions';
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
    HUBSPOT_AUTH_BASE_URL: HUBSPOT,
    ...SALESFORCE_ENV(org.url),
  },
});
useFakeSalesforce(ctx, org);
let hub: FakeHubSpot;
const server = hubspotServer({ fetch: (r: Request) => hub.fetch(r) } as FakeHubSpot, HUBSPOT);
afterAll(() => server.close()); // useFakeSalesforce closes the org's server
beforeEach(() => {
  const clock = { now: () => ctx.clock.now().getTime() };
  hub = createFakeHubSpot({ clientId: 'cid', clientSecret: 'sec', appId: 7, portalId: 42, clock });
  hub.seed({ owners: 1, pipeline: true });
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Body = Record<string, any>;
type Crm = 'hubspot' | 'salesforce';

const rows = () => ctx.handle.db.select().from(installations);
const rowOf = async (id: string) =>
  (await ctx.handle.db.select().from(installations).where(eq(installations.id, id)))[0];
const keysOf = (id: string) => ctx.handle.db.select().from(apiKeys).where(eq(apiKeys.installationId, id));

async function signedIn(installationId: string, role: 'admin' | 'rep' = 'admin') {
  const { token } = await startSession(ctx.handle.db, {
    installationId,
    identity: role === 'admin' ? 'link' : 'hubspot:rep@example.test',
    label: role,
    role,
    now: ctx.clock.now(),
  });
  return `tandem_session=${token}`;
}

/** The whole round trip as a browser makes it: install (with the session cookie, if any), consent, callback. */
async function connect(crm: Crm, session: string | null, accept = 'text/html,application/xhtml+xml') {
  const started = await ctx.app.request(`/oauth/${crm}/install`, {
    headers: session ? { cookie: session } : {},
  });
  expect(started.status).toBe(302);
  const state = (started.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const approved = await fetch(started.headers.get('location') ?? '', { redirect: 'manual' });
  expect(approved.status).toBe(302);
  const back = new URL(approved.headers.get('location') ?? '');
  const cookie = [state, session].filter(Boolean).join('; ');
  return ctx.app.request(back.pathname + back.search, { headers: { accept, cookie } });
}

describe('HubSpot install from a console session', () => {
  it("binds the portal to the signed-in installation (crm 'none'), and a second Connect re-connects it", async () => {
    const mine = await createInstallation(ctx.handle.db, { name: 'From the CLI' });
    const session = await signedIn(mine.id);
    const res = await connect('hubspot', session);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/connections?ok=connected');
    const all = await rows();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      id: mine.id,
      name: 'From the CLI', // the operator's name stays
      crm: 'hubspot',
      externalId: '42',
      connectionStatus: 'connected',
    });
    expect(all[0]?.credentialsSealed).toBeTruthy();
    expect(((all[0]?.settings ?? {}) as Body).hubspot).toMatchObject({ portalId: 42 });
    expect(await keysOf(mine.id)).toHaveLength(0); // no new key: the admin is signed in already

    const again = await connect('hubspot', session);
    expect(again.status).toBe(303);
    expect(await rows()).toHaveLength(1);
  });

  it('refuses with 409 a portal that belongs to another installation, and changes neither', async () => {
    const owner = await createInstallation(ctx.handle.db, {
      name: 'Owner',
      crm: 'hubspot',
      externalId: '42',
    });
    const mine = await createInstallation(ctx.handle.db, { name: 'Mine' });
    const session = await signedIn(mine.id);
    const page = await connect('hubspot', session);
    expect(page.status).toBe(409);
    const text = await page.text();
    expect(text).toContain('already connected to another Tandem installation');
    expect(text).toContain('href="/app/connections"');
    const json = await connect('hubspot', session, 'application/json');
    expect(json.status).toBe(409);
    expect(((await json.json()) as Body).error.code).toBe('installation_conflict');
    expect(await rowOf(mine.id)).toMatchObject({ crm: 'none', externalId: null, credentialsSealed: null });
    expect(await rowOf(owner.id)).toMatchObject({
      crm: 'hubspot',
      externalId: '42',
      credentialsSealed: null,
    });
    expect(await rows()).toHaveLength(2);
  });

  it('refuses with 409 when the installation is bound to a different portal or CRM', async () => {
    const other = await createInstallation(ctx.handle.db, { name: 'P99', crm: 'hubspot', externalId: '99' });
    const res = await connect('hubspot', await signedIn(other.id));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('connected to HubSpot portal 99, not portal 42');
    const sf = await createInstallation(ctx.handle.db, { name: 'SF', crm: 'salesforce', externalId: 'x' });
    expect((await connect('hubspot', await signedIn(sf.id))).status).toBe(409);
    expect(await rowOf(other.id)).toMatchObject({ externalId: '99', credentialsSealed: null });
    expect(await rows()).toHaveLength(2);
  });

  it('without a session it is the marketplace install: a new installation with its key, as before', async () => {
    const cli = await createInstallation(ctx.handle.db, { name: 'Unrelated' });
    const res = await connect('hubspot', null, 'application/json');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.installation).toMatchObject({ portalId: 42, created: true });
    expect(body.apiKey).toMatch(/\S{10,}/);
    expect(body.installation.id).not.toBe(cli.id);
    expect(await rowOf(cli.id)).toMatchObject({ crm: 'none', externalId: null });
    expect(await rows()).toHaveLength(2);
  });

  it('a rep session cannot start an install; a bound state cookie cannot be re-pointed at another installation', async () => {
    const mine = await createInstallation(ctx.handle.db, { name: 'Mine' });
    const rep = await ctx.app.request('/oauth/hubspot/install', {
      headers: { cookie: await signedIn(mine.id, 'rep') },
    });
    expect(rep.status).toBe(403);
    expect(rep.headers.get('set-cookie')).toBeNull();

    const victim = await createInstallation(ctx.handle.db, { name: 'Victim' });
    const started = await ctx.app.request('/oauth/hubspot/install', {
      headers: { cookie: await signedIn(mine.id) },
    });
    const state = (started.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(state).toContain(`.${mine.id}.`);
    const forged = state.replace(`.${mine.id}.`, `.${victim.id}.`);
    const approved = await fetch(started.headers.get('location') ?? '', { redirect: 'manual' });
    const back = new URL(approved.headers.get('location') ?? '');
    const res = await ctx.app.request(back.pathname + back.search, {
      headers: { accept: 'application/json', cookie: forged },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Body).error.code).toBe('oauth_state_invalid');
    expect(await rowOf(victim.id)).toMatchObject({ crm: 'none', externalId: null });
  });
});

describe('Salesforce install from a console session', () => {
  it('binds the org to the signed-in installation and shows the callout secret once, with the way back', async () => {
    const mine = await createInstallation(ctx.handle.db, { name: 'From the CLI' });
    const res = await connect('salesforce', await signedIn(mine.id));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toMatch(/Callout secret .*<code>tcs_[A-Za-z0-9_-]+<\/code>/s);
    expect(page).toContain('href="/app/connections?ok=connected"');
    expect(page).not.toContain('Operator API key');
    const all = await rows();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      id: mine.id,
      name: 'From the CLI',
      crm: 'salesforce',
      externalId: org.fake.state.orgId,
      connectionStatus: 'connected',
    });
    expect(all[0]?.calloutSecretSealed).toBeTruthy();
  });

  it('refuses with 409 an org that belongs to another installation, and changes neither', async () => {
    const owner = await createInstallation(ctx.handle.db, {
      name: 'Owner',
      crm: 'salesforce',
      externalId: org.fake.state.orgId,
    });
    const mine = await createInstallation(ctx.handle.db, { name: 'Mine' });
    const res = await connect('salesforce', await signedIn(mine.id));
    expect(res.status).toBe(409);
    const text = await res.text();
    expect(text).toContain('already connected to another Tandem installation');
    expect(text).not.toContain('tcs_');
    expect(await rowOf(mine.id)).toMatchObject({ crm: 'none', externalId: null, calloutSecretSealed: null });
    expect(await rowOf(owner.id)).toMatchObject({ credentialsSealed: null, calloutSecretSealed: null });
    const hub = await createInstallation(ctx.handle.db, { name: 'Hub', crm: 'hubspot', externalId: '5' });
    expect((await connect('salesforce', await signedIn(hub.id))).status).toBe(409);
  });

  it('without a session it is the marketplace install: a new installation with its key, as before', async () => {
    const cli = await createInstallation(ctx.handle.db, { name: 'Unrelated' });
    const res = await connect('salesforce', null, 'application/json');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.installation.id).not.toBe(cli.id);
    expect(body.reinstalled).toBe(false);
    expect(body.apiKey).toBeTruthy();
    expect(await rowOf(cli.id)).toMatchObject({ crm: 'none', externalId: null });
    expect(await rows()).toHaveLength(2);
  });
});
