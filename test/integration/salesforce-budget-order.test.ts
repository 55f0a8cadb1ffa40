import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { crmOutbox } from '../../src/db/schema';
import { drainOutbox } from '../../src/services/salesforce/outbox-drain';
import { useTestContext } from '../helpers/context';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';
import { queueWrite, syncedLead } from '../helpers/salesforce-outbox';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org, { dailyLimit: 1_000 });

const HOUR = 3_600_000;

describe('an org at 95% of its daily API allocation, per contact and per day', () => {
  it('gets our pushes slowed to the budget, never reaches 100% because of us, and loses nothing', async () => {
    const { installationId, api } = await connectedSalesforce(ctx, org);
    const leads = [];
    for (let n = 1; n <= 4; n += 1) leads.push(await syncedLead(api, org.fake, n));
    // Each lead alternates an update and a task, so every write is a wave of its own: 40 calls.
    for (let i = 1; i <= 20; i += 1) {
      for (const l of leads) {
        await queueWrite(ctx, installationId, l.contactId, 'property_update', {
          properties: { tandem_score: i },
        });
        await queueWrite(ctx, installationId, l.contactId, 'task', {
          subject: `task ${i}`,
          dueAt: ctx.clock.now().toISOString(),
        });
      }
    }
    // The org's own users have spent 950 of 1,000 calls today.
    org.fake.state.limits.used = 950;
    const perDay: number[] = [];
    let budgetStops = 0;
    for (let hour = 0; hour < 24 * 8; hour += 1) {
      const report = await drainOutbox(ctx.deps, installationId);
      if (report.status === 'budget') budgetStops += 1;
      perDay[Math.floor(hour / 24)] = (perDay[Math.floor(hour / 24)] ?? 0) + report.calls;
      expect(org.fake.apiUsage().used).toBeLessThan(1_000);
      const left = await ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.status, 'pending'));
      if (left.length === 0) break;
      ctx.clock.advance(HOUR);
    }
    // A quarter of the 50 calls others leave, give or take the call that tells us the org's count.
    for (const calls of perDay) expect(calls).toBeLessThanOrEqual(13);
    expect(budgetStops).toBeGreaterThan(0);
    const rows = await ctx.handle.db.select().from(crmOutbox);
    expect(rows.map((r) => r.status).every((s) => s === 'done')).toBe(true);
    expect(rows).toHaveLength(160);
    // Nothing lost and nothing out of order: each lead's tasks arrived 1..20, its score is the last.
    const tasks = [...(org.fake.state.records.get('Task')?.values() ?? [])];
    for (const l of leads) {
      expect(tasks.filter((t) => t.WhoId === l.leadId).map((t) => t.Subject)).toEqual(
        Array.from({ length: 20 }, (_, i) => `task ${i + 1}`),
      );
      expect(org.fake.state.records.get('Lead')?.get(l.leadId)?.Tandem_Score__c).toBe(20);
    }
  });

  it('waits with the reason while the budget has no room', async () => {
    const { installationId, api } = await connectedSalesforce(ctx, org);
    const l = await syncedLead(api, org.fake, 1);
    await queueWrite(ctx, installationId, l.contactId, 'property_update', {
      properties: { tandem_band: 'MQL' },
    });
    org.fake.state.limits.used = 996; // others leave 4: a quarter of that is 1 call, spent on the first try
    expect(await drainOutbox(ctx.deps, installationId)).toMatchObject({ status: 'drained', done: 1 });
    await queueWrite(ctx, installationId, l.contactId, 'property_update', {
      properties: { tandem_band: 'SQL' },
    });
    expect(await drainOutbox(ctx.deps, installationId)).toMatchObject({
      status: 'budget',
      calls: 0,
      retrying: 1,
    });
    const [waiting] = await ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.status, 'pending'));
    expect(waiting?.lastError).toMatch(/budget: .*API budget exhausted/);
    expect(waiting?.nextAttemptAt?.getTime()).toBe(ctx.clock.now().getTime() + 15 * 60_000);
  });

  it('is not blocked for good by a count observed before our calls left the window', async () => {
    const { installationId, api } = await connectedSalesforce(ctx, org);
    const l = await syncedLead(api, org.fake, 1);
    org.fake.state.limits.max = 100;
    org.fake.state.limits.used = 96; // the org's users have spent 96 of 100 today
    await queueWrite(ctx, installationId, l.contactId, 'property_update', {
      properties: { tandem_band: 'A' },
    });
    expect(await drainOutbox(ctx.deps, installationId)).toMatchObject({ done: 1, calls: 1 });
    await queueWrite(ctx, installationId, l.contactId, 'property_update', {
      properties: { tandem_band: 'B' },
    });
    // 97 of 100 observed, one of them ours: a quarter of the 4 others leave, spent.
    expect(await drainOutbox(ctx.deps, installationId)).toMatchObject({ status: 'budget', calls: 0 });
    ctx.clock.advance(12 * HOUR);
    expect(await drainOutbox(ctx.deps, installationId)).toMatchObject({ status: 'budget', calls: 0 });
    // A day on, our call has left Salesforce's window: the stale 97 must not count it as the others'.
    ctx.clock.advance(13 * HOUR);
    expect(await drainOutbox(ctx.deps, installationId)).toMatchObject({ status: 'drained', done: 1 });
    expect(org.fake.state.records.get('Lead')?.get(l.leadId)?.Tandem_Band__c).toBe('B');
  });
});
