/**
 * One loopback fake Salesforce per test file, a fresh org per test.
 *
 *   const org = await startFakeOrg();                              // top-level await, before useTestContext
 *   const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });  // config's login URL = the fake
 *   useFakeSalesforce(ctx, org);                                   // beforeEach: new org.fake on ctx.clock
 *   it('...', async () => { org.fake.seed({ leads: 3 }); ... });
 *
 * Unit tests without a database pass any `{ clock }` with `now(): Date` (fixedClock from src/lib/clock).
 * jsforce talks undici with its own dispatcher, so only a real socket reaches the fake (msw cannot).
 * `useFakeSalesforce(ctx)` without `org` starts its own server in beforeAll; then org.url is known only
 * inside tests and config's SALESFORCE_LOGIN_URL does not point at it.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  createFakeSalesforce,
  type FakeSalesforce,
  type FakeSalesforceOptions,
} from '../../connectors/salesforce/fake';
import { serveFake } from '../../connectors/salesforce/fake/serve';

export type FakeOrg = {
  url: string;
  fake: FakeSalesforce;
  close(): Promise<void>;
};
type Options = Partial<Omit<FakeSalesforceOptions, 'clock'>>;

export const SALESFORCE_ENV = (url: string): Record<string, string> => ({
  SALESFORCE_CLIENT_ID: 'sfcid',
  SALESFORCE_CLIENT_SECRET: 'sfsec',
  SALESFORCE_LOGIN_URL: url,
});

/** Starts the server; `org.fake` is a placeholder until useFakeSalesforce's beforeEach replaces it. */
export async function startFakeOrg(options: Options = {}): Promise<FakeOrg> {
  const org = { url: '', close: async () => {} } as FakeOrg;
  org.fake = createFakeSalesforce({
    clientId: 'sfcid',
    clientSecret: 'sfsec',
    clock: { now: () => 0 },
    ...options,
  });
  const served = await serveFake(() => org.fake);
  org.url = served.url;
  org.close = served.close;
  org.fake.baseUrl = served.url;
  return org;
}

export function useFakeSalesforce(
  ctx: { clock: { now(): Date } },
  given?: FakeOrg,
  options: Options = {},
): { org: FakeOrg } {
  const org = given ?? ({ url: '', close: async () => {} } as FakeOrg);
  if (!given) {
    beforeAll(async () => {
      Object.assign(org, await startFakeOrg(options));
    });
  }
  beforeEach(() => {
    org.fake = createFakeSalesforce({
      clientId: 'sfcid',
      clientSecret: 'sfsec',
      clock: { now: () => ctx.clock.now().getTime() },
      ...options,
    });
    org.fake.baseUrl = org.url;
  });
  afterAll(() => org.close());
  return { org };
}
