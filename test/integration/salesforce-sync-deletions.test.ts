import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, crmDeals } from '../../src/db/schema';
import { getSyncState } from '../../src/services/crm/sync-state';
import { salesforceTransport } from '../../src/services/salesforce/connector';
import { backfillJob, incrementalJob, type SyncRunOptions } from '../../src/services/salesforce/sync';
import { useTestContext } from '../helpers/context';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const options = (id: string): SyncRunOptions => ({
  transport: salesforceTransport(ctx.deps, id, { sleep: async (ms) => void ctx.clock.advance(ms) }),
});
const row = async (id: string, externalId: string) =>
  (
    await ctx.handle.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.installationId, id), eq(contacts.externalId, externalId)))
  )[0];
const deal = async (id: string, externalId: string) =>
  (
    await ctx.handle.db
      .select()
      .from(crmDeals)
      .where(and(eq(crmDeals.installationId, id), eq(crmDeals.externalId, externalId)))
  )[0];
const deletedCalls = () => org.fake.state.requests.filter((r) => r.path.endsWith('/deleted'));

async function synced(seed: Parameters<typeof org.fake.seed>[0]) {
  const seeded = org.fake.seed(seed);
  const { installationId: id } = await connectedSalesforce(ctx, org);
  expect(await backfillJob(ctx.deps, id, options(id))).toBe('done');
  return { id, ...seeded };
}

describe('Salesforce pull sync: deletions', () => {
  it('getDeleted removes deleted leads, contacts and opportunities', async () => {
    const {
      id,
      leads,
      contacts: people,
      opportunities,
    } = await synced({ leads: 5, contacts: 3, opportunities: 2 });
    const [lead, contact, opp] = [leads[1]!, people[2]!, opportunities[0]!];
    expect(await deal(id, opp.Id)).toMatchObject({ deletedAt: null });
    ctx.clock.advance(10 * MIN);
    org.fake.deleteRecord('Lead', lead.Id);
    org.fake.deleteRecord('Contact', contact.Id);
    org.fake.deleteRecord('Opportunity', opp.Id);
    ctx.clock.advance(5 * MIN);
    const result = await incrementalJob(ctx.deps, id, options(id));
    expect(result?.deletions).toMatchObject({ contacts: 2, deals: 1, reconciled: false });
    expect((await row(id, lead.Id))?.deletedAt).not.toBeNull();
    expect((await row(id, contact.Id))?.deletedAt).not.toBeNull();
    expect((await row(id, leads[0]!.Id))?.deletedAt).toBeNull();
    expect((await deal(id, opp.Id))?.deletedAt).not.toBeNull();
    expect(deletedCalls()).toHaveLength(4); // one per object
    const state = await getSyncState(ctx.handle.db, id, 'deletions');
    expect(state?.since?.getTime()).toBeGreaterThan(ctx.clock.now().getTime() - 2 * MIN);

    // Nothing new: the same deletions are not applied twice.
    ctx.clock.advance(5 * MIN);
    expect((await incrementalJob(ctx.deps, id, options(id)))?.deletions).toMatchObject({
      contacts: 0,
      deals: 0,
    });
  });

  it('when getDeleted no longer reaches back to our cursor, a full reconcile finds what was lost', async () => {
    const { id, leads, opportunities } = await synced({ leads: 6, contacts: 2, opportunities: 1 });
    ctx.clock.advance(DAY);
    org.fake.deleteRecord('Lead', leads[3]!.Id);
    org.fake.deleteRecord('Opportunity', opportunities[0]!.Id);
    // Sixteen days without a pass: the recycle bin has forgotten those deletions.
    ctx.clock.advance(16 * DAY);
    const result = await incrementalJob(ctx.deps, id, options(id));
    expect(result?.deletions).toMatchObject({ reconciled: true });
    expect((await row(id, leads[3]!.Id))?.deletedAt).not.toBeNull();
    expect((await row(id, leads[2]!.Id))?.deletedAt).toBeNull();
    expect((await deal(id, opportunities[0]!.Id))?.deletedAt).not.toBeNull();
    expect(await getSyncState(ctx.handle.db, id, 'reconcile')).toMatchObject({ done: 2, lastError: null });
    const since = (await getSyncState(ctx.handle.db, id, 'deletions'))?.since;
    expect(since?.getTime()).toBeGreaterThan(ctx.clock.now().getTime() - 2 * MIN);
  });
});
