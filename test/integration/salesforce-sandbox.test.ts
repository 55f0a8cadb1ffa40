import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { contacts, crmDeals } from '../../src/db/schema';
import { SALESFORCE_SANDBOX, startSalesforceSandbox } from '../../src/entry/salesforce-sandbox';
import { backfillJob } from '../../src/services/salesforce/sync';
import { useTestContext } from '../helpers/context';
import { browserInstall } from '../helpers/e2e-outreach';

// `npm start -- --demo` points the app at this sandbox org with exactly this configuration.
const sandbox = await startSalesforceSandbox();
const ctx = useTestContext({ env: sandbox.env });
afterAll(() => sandbox.close());

describe('the --demo sandbox Salesforce org', () => {
  it('installs through the real OAuth flow and syncs its seeded leads, contacts and opportunities', async () => {
    const body = await browserInstall<{ installation: { id: string }; orgId: string; calloutSecret: string }>(
      ctx,
      '/oauth/salesforce/install',
    );
    expect(body.orgId).toBe(SALESFORCE_SANDBOX.orgId);
    expect(body.calloutSecret).toBeTruthy();
    await backfillJob(ctx.deps, body.installation.id);
    const people = await ctx.handle.db
      .select()
      .from(contacts)
      .where(eq(contacts.installationId, body.installation.id));
    expect(people).toHaveLength(200);
    const deals = await ctx.handle.db
      .select()
      .from(crmDeals)
      .where(eq(crmDeals.installationId, body.installation.id));
    expect(deals).toHaveLength(10);
  });
});
