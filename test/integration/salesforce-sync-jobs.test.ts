import { and, eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordApiCalls } from '../../src/db/queries/crm-api-budget';
import { contacts, installations } from '../../src/db/schema';
import { getSyncState } from '../../src/services/crm/sync-state';
import { salesforceTransport } from '../../src/services/salesforce/connector';
import { backfillJob, enqueueSync, type SyncRunOptions, syncTick } from '../../src/services/salesforce/sync';
import { useTestContext } from '../helpers/context';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

const options = (id: string): SyncRunOptions => ({
  transport: salesforceTransport(ctx.deps, id, { sleep: async (ms) => void ctx.clock.advance(ms) }),
});
const queued = async (name: string) => {
  const { rows } = await ctx.handle.pool.query(
    `select data->>'installationId' as id from pgboss.job where name = $1 and state = 'created'`,
    [name],
  );
  return rows.map((r: { id: string }) => r.id);
};
const synced = async (id: string) =>
  (
    await ctx.handle.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.installationId, id), isNotNull(contacts.externalId)))
  ).length;

describe('Salesforce sync jobs', () => {
  it('the tick queues a backfill until it is done, then incremental and a first reconcile; one each', async () => {
    org.fake.seed({ leads: 3 });
    const { installationId: id } = await connectedSalesforce(ctx, org);
    expect(await syncTick(ctx.deps)).toBe(1);
    await syncTick(ctx.deps);
    await enqueueSync(ctx.deps, id, 'backfill');
    expect(await queued('salesforce.backfill')).toEqual([id]);
    expect(await queued('salesforce.syncIncremental')).toEqual([]);

    await ctx.handle.pool.query(`delete from pgboss.job where name like 'salesforce.%'`);
    expect(await backfillJob(ctx.deps, id, options(id))).toBe('done');
    await syncTick(ctx.deps);
    expect(await queued('salesforce.backfill')).toEqual([]);
    expect(await queued('salesforce.syncIncremental')).toEqual([id]);
    expect(await queued('salesforce.reconcile')).toEqual([id]);
  });

  it('a spent API budget stops the pull quietly, recorded; it resumes where it was once there is room', async () => {
    org.fake.seed({ leads: 30 });
    const { installationId: id } = await connectedSalesforce(ctx, org);
    await recordApiCalls(ctx.deps.db, id, 0, { used: 14_999, max: 15_000 }, ctx.clock.now());
    expect(await backfillJob(ctx.deps, id, options(id))).toBe('failed');
    expect((await getSyncState(ctx.handle.db, id, 'leads'))?.lastError).toMatch(/^budget: rate_limited/);
    expect(org.fake.state.requests.filter((r) => r.path.includes('/query'))).toHaveLength(0);

    await recordApiCalls(ctx.deps.db, id, 0, { used: 100, max: 15_000 }, ctx.clock.now());
    expect(await backfillJob(ctx.deps, id, options(id))).toBe('done');
    expect(await synced(id)).toBe(30);
  });

  it('a revoked grant disconnects the installation; the tick then leaves it alone', async () => {
    org.fake.seed({ leads: 3 });
    const { installationId: id } = await connectedSalesforce(ctx, org);
    org.fake.revokeAll();
    expect(await backfillJob(ctx.deps, id, options(id))).toBe('failed');
    const [row] = await ctx.handle.db.select().from(installations).where(eq(installations.id, id));
    expect(row?.connectionStatus).toBe('disconnected');
    expect((await getSyncState(ctx.handle.db, id, 'leads'))?.lastError).toMatch(/unauthorized/);
    expect(await syncTick(ctx.deps)).toBe(0);
    expect(await backfillJob(ctx.deps, id, options(id))).toBe('skipped');
  });
});
