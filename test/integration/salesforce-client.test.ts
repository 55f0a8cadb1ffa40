import { eq, sum } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { salesforceCall } from '../../connectors/salesforce/client';
import { recordApiCalls } from '../../src/db/queries/crm-api-budget';
import { crmApiLimits, crmApiUsage } from '../../src/db/schema';
import { BUDGET_WAIT_MS, salesforceTransport } from '../../src/services/salesforce/connector';
import { useTestContext } from '../helpers/context';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

const transport = (id: string) =>
  salesforceTransport(ctx.deps, id, {
    sleep: async (ms) => {
      ctx.clock.advance(ms);
    },
    random: () => 0.5,
  });
const users = (id: string) =>
  salesforceCall(transport(id), 'list users', (conn) => conn.query<{ Id: string }>('SELECT Id FROM User'));
const createTask = (id: string) =>
  salesforceCall(transport(id), 'create task', (conn) =>
    conn.sobject('Task').create([{ Subject: 'Call', Status: 'Not Started', Priority: 'Normal' }], {
      allOrNone: false,
    }),
  );
const hits = (path: string) => org.fake.state.requests.filter((r) => r.path.includes(path)).length;

async function ourCalls(installationId: string): Promise<number> {
  const [row] = await ctx.deps.db
    .select({ calls: sum(crmApiUsage.calls) })
    .from(crmApiUsage)
    .where(eq(crmApiUsage.installationId, installationId));
  return Number(row?.calls ?? 0);
}
const limitsRow = async (installationId: string) =>
  (await ctx.deps.db.select().from(crmApiLimits).where(eq(crmApiLimits.installationId, installationId)))[0];

describe('salesforceCall', () => {
  it('retries a 503 after a backoff slept on the injected clock', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    org.fake.outage({ status: 503, times: 1 });
    const before = ctx.clock.now().getTime();
    const result = await users(installationId);
    expect(result.ok).toBe(true);
    expect(hits('/query')).toBe(2);
    expect(ctx.clock.now().getTime() - before).toBe(250); // full jitter: 0.5 of the first 500 ms
  });

  it('repeats a create after a 503 (turned away) but not after a 500 (it may have run)', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    org.fake.outage({ status: 503, times: 1 });
    expect((await createTask(installationId)).ok).toBe(true);
    expect(hits('/composite/sobjects')).toBe(2);

    org.fake.outage({ status: 500, times: 1 });
    const result = await createTask(installationId);
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', retryable: false } });
    expect(hits('/composite/sobjects')).toBe(3);
  });

  it('retries a concurrent-request REQUEST_LIMIT_EXCEEDED', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    org.fake.outage({ status: 429, times: 1 });
    expect((await users(installationId)).ok).toBe(true);
    expect(hits('/query')).toBe(2);
  });

  it('the daily REQUEST_LIMIT_EXCEEDED is rate_limited and retryable later; the next call is not made', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    org.fake.state.limits.used = org.fake.state.limits.max;
    const result = await users(installationId);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryable: true, retryAfterMs: 15 * 60_000 },
    });
    expect(result.ok || result.error.message).toContain('REQUEST_LIMIT_EXCEEDED');
    expect(hits('/query')).toBe(1); // a 15-minute wait is not slept in the worker
    expect(await limitsRow(installationId)).toMatchObject({ used: 15_000, max: 15_000 });

    const next = await users(installationId);
    expect(next).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: BUDGET_WAIT_MS } });
    expect(hits('/query')).toBe(1);
  });

  it("records every request the fake counted, a refresh's retry included, and the org's own count", async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    org.fake.state.limits.used = 1_000;
    await users(installationId);
    org.fake.expireAccessTokens();
    await users(installationId);
    await createTask(installationId);
    expect(org.fake.state.limits.calls).toHaveLength(3);
    expect(await ourCalls(installationId)).toBe(3);
    expect(await limitsRow(installationId)).toMatchObject(org.fake.apiUsage());
  });

  it('counts each queryMore page of an autoFetch query as a request', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    org.fake.seed({ leads: 450 });
    const result = await salesforceCall(transport(installationId), 'all leads', (conn) =>
      conn.query<{ Id: string }>('SELECT Id FROM Lead', {
        autoFetch: true,
        maxFetch: 10_000,
        headers: { 'Sforce-Query-Options': 'batchSize=200' },
      }),
    );
    expect(result.ok && result.value.records.length).toBe(450);
    expect(org.fake.state.limits.calls).toHaveLength(3);
    expect(await ourCalls(installationId)).toBe(3);
  });

  it('an exhausted budget answers rate_limited without calling; our 24 h share caps us too', async () => {
    const { installationId } = await connectedSalesforce(ctx, org);
    const now = ctx.clock.now();
    await recordApiCalls(ctx.deps.db, installationId, 0, { used: 14_990, max: 15_000 }, now);
    // 25% of the 10 left is 2: the budget has room for 2 calls, not 3.
    const big = await salesforceCall(
      transport(installationId),
      'big',
      (conn) => conn.query('SELECT Id FROM User'),
      {
        calls: 3,
      },
    );
    expect(big).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: BUDGET_WAIT_MS } });
    expect(hits('/query')).toBe(0);

    await recordApiCalls(ctx.deps.db, installationId, 0, { used: 14_250, max: 15_000 }, now); // 95%
    expect((await users(installationId)).ok).toBe(true);

    await recordApiCalls(ctx.deps.db, installationId, 3_750, { used: 5_000, max: 15_000 }, ctx.clock.now());
    expect((await users(installationId)).ok).toBe(false); // 3,750 of ours in 24 h = 25% of 15,000
    ctx.clock.advance(25 * 3_600_000);
    expect((await users(installationId)).ok).toBe(true); // a day later they left the window
  });
});
