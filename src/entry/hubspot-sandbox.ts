import { type ServerType, serve } from '@hono/node-server';
import { createFakeHubSpot, type FakeHubSpot } from '../../connectors/hubspot/fake/index';

/** The sandbox portal's fixed identity: a re-run of `--demo` re-installs into the same portal. */
export const SANDBOX = {
  portalId: 9_000_001,
  appId: 4_200_001,
  clientId: 'tandem-sandbox-client',
  clientSecret: 'tandem-sandbox-secret',
} as const;

export type HubSpotSandbox = {
  fake: FakeHubSpot;
  baseUrl: string;
  /** Configuration pointing the app at the sandbox (the fixed HUBSPOT_* names). */
  env: Record<string, string>;
  close: () => Promise<void>;
};

/**
 * `--demo` without HubSpot credentials: the stateful fake HubSpot (the one the tests use) served on
 * a loopback port and seeded as a small portal (owners, 200 contacts, a pipeline, deals), so a
 * newcomer sees install, sync, workflow enrollment and deal pauses without a HubSpot account.
 */
export async function startHubSpotSandbox(port = 0): Promise<HubSpotSandbox> {
  const fake = createFakeHubSpot({ ...SANDBOX, clock: { now: () => Date.now() } });
  fake.seed({ owners: 3, contacts: 200, pipeline: true, deals: 20 });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: fake.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const baseUrl = `http://127.0.0.1:${bound}`;
  return {
    fake,
    baseUrl,
    env: {
      HUBSPOT_CLIENT_ID: SANDBOX.clientId,
      HUBSPOT_CLIENT_SECRET: SANDBOX.clientSecret,
      HUBSPOT_APP_ID: String(SANDBOX.appId),
      HUBSPOT_API_BASE_URL: baseUrl,
      HUBSPOT_AUTH_BASE_URL: baseUrl,
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Installs the app into the sandbox through the real OAuth flow, as a browser would: our install
 * route, the portal's consent redirect, our callback with the state cookie. Returns the final page.
 */
export async function installIntoSandbox(appBaseUrl: string): Promise<{ status: number; page: string }> {
  const start = await fetch(`${appBaseUrl}/oauth/hubspot/install`, { redirect: 'manual' });
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const consent = start.headers.get('location');
  if (start.status !== 302 || !consent) return { status: start.status, page: await start.text() };
  const approved = await fetch(consent, { redirect: 'manual' });
  const callback = approved.headers.get('location');
  if (approved.status !== 302 || !callback) return { status: approved.status, page: await approved.text() };
  const done = await fetch(callback, { headers: { cookie }, redirect: 'manual' });
  return { status: done.status, page: await done.text() };
}
