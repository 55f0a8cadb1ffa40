import { makeId } from '../../connectors/salesforce/fake/ids';
import { createFakeSalesforce, type FakeSalesforce } from '../../connectors/salesforce/fake/index';
import { serveFakeSalesforce } from '../../connectors/salesforce/fake/serve';

/** The sandbox org's fixed identity: a re-run of `--demo` re-installs into the same org. */
export const SALESFORCE_SANDBOX = {
  clientId: 'tandem-sandbox-sf-client',
  clientSecret: 'tandem-sandbox-sf-secret',
  orgId: makeId('00D', 900_001),
} as const;

export type SalesforceSandbox = {
  fake: FakeSalesforce;
  baseUrl: string;
  /** Configuration pointing the app at the sandbox (the fixed SALESFORCE_* names). */
  env: Record<string, string>;
  close: () => Promise<void>;
};

/**
 * `--demo` without Salesforce credentials: the stateful fake org the tests use (OAuth with PKCE,
 * SOQL, Collections, Bulk 2.0, limits) on a loopback port, seeded like the HubSpot sandbox: 3 users,
 * 100 leads, 100 contacts and 10 opportunities with contact roles.
 */
export async function startSalesforceSandbox(): Promise<SalesforceSandbox> {
  const fake = createFakeSalesforce({ ...SALESFORCE_SANDBOX, clock: { now: () => Date.now() } });
  fake.seed({ users: 3, leads: 100, contacts: 100, opportunities: 10 });
  const served = await serveFakeSalesforce(fake);
  return {
    fake,
    baseUrl: served.url,
    env: {
      SALESFORCE_CLIENT_ID: SALESFORCE_SANDBOX.clientId,
      SALESFORCE_CLIENT_SECRET: SALESFORCE_SANDBOX.clientSecret,
      SALESFORCE_LOGIN_URL: served.url,
    },
    close: served.close,
  };
}

/**
 * Installs the app into the sandbox org as a browser would: our install route, the org's consent
 * redirect, our callback with the state cookie. Returns the callback's JSON answer as text.
 */
export async function installIntoSalesforceSandbox(
  appBaseUrl: string,
): Promise<{ status: number; page: string }> {
  const start = await fetch(`${appBaseUrl}/oauth/salesforce/install`, { redirect: 'manual' });
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const consent = start.headers.get('location');
  if (start.status !== 302 || !consent) return { status: start.status, page: await start.text() };
  const approved = await fetch(consent, { redirect: 'manual' });
  const callback = approved.headers.get('location');
  if (approved.status !== 302 || !callback) return { status: approved.status, page: await approved.text() };
  const done = await fetch(callback, {
    headers: { cookie, accept: 'application/json' },
    redirect: 'manual',
  });
  return { status: done.status, page: await done.text() };
}
