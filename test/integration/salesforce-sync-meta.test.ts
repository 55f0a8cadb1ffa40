import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { crmOwners, crmPipelines } from '../../src/db/schema';
import { reconcileJob } from '../../src/services/salesforce/sync';
import { useTestContext } from '../helpers/context';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

describe('the daily reconcile', () => {
  it('also reads the users and opportunity stages added since install', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    const user = org.fake.putRecord('User', {
      Email: 'new.rep@example.test',
      FirstName: 'New',
      LastName: 'Rep',
      IsActive: true,
      Username: 'new.rep@example.test.fake',
    });
    org.fake.putRecord('OpportunityStage', {
      ApiName: 'Pilot',
      MasterLabel: 'Pilot',
      IsActive: true,
      IsClosed: false,
      IsWon: false,
      SortOrder: 4,
    });
    await reconcileJob(ctx.deps, installationId);
    const owners = await ctx.handle.db
      .select()
      .from(crmOwners)
      .where(eq(crmOwners.installationId, installationId));
    expect(owners.map((o) => o.externalId)).toContain(user.Id);
    const [pipeline] = await ctx.handle.db
      .select()
      .from(crmPipelines)
      .where(eq(crmPipelines.installationId, installationId));
    expect(((pipeline?.stages ?? []) as Array<{ id: string }>).map((s) => s.id)).toContain('Pilot');
  });
});
