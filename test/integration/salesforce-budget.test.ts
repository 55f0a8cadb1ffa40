import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, crmOutbox } from '../../src/db/schema';
import { newId } from '../../src/lib/ids';
import { type DrainReport, drainOutbox } from '../../src/services/salesforce/outbox-drain';
import { useTestContext } from '../helpers/context';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org, { dailyLimit: 100 });
const sleep = async (ms: number) => {
  ctx.clock.advance(ms);
};

describe('salesforce API budget', () => {
  it('an org at 95% of its allocation: pushes slow to the budget, nothing lost, never 100% because of us', async () => {
    const { installationId: id } = await connectedSalesforce(ctx, org);
    const { leads } = org.fake.seed({ leads: 1000 });
    const people = leads.map((l, i) => ({
      id: newId('con'),
      installationId: id,
      externalId: String(l.Id),
      email: `lead-${i + 1}@example.test`,
    }));
    await ctx.deps.db.insert(contacts).values(people);
    await ctx.deps.db.insert(crmOutbox).values(
      people.map((p, i) => ({
        id: newId('act'),
        installationId: id,
        contactId: p.id,
        kind: 'property_update' as const,
        payload: { properties: { tandem_score: i } },
        idempotencyKey: `score:${p.id}`,
        createdAt: ctx.clock.now(),
      })),
    );
    // The org's own users already spent 95% of the day's 100 calls.
    org.fake.state.limits.used = 95;
    const reports: DrainReport[] = [];
    let pending = people.length;
    for (let hour = 0; hour < 24 * 7 && pending > 0; hour++) {
      reports.push(await drainOutbox(ctx.deps, id, { sleep }));
      const { used, max } = org.fake.apiUsage();
      expect(used).toBeLessThan(max);
      const rows = await ctx.deps.db.select().from(crmOutbox).where(eq(crmOutbox.installationId, id));
      expect(rows.filter((r) => r.status === 'failed')).toEqual([]);
      pending = rows.filter((r) => r.status === 'pending').length;
      ctx.clock.advance(3_600_000);
    }
    expect(pending).toBe(0);
    const budgeted = reports.filter((r) => r.status === 'budget');
    expect(budgeted.length).toBeGreaterThan(0);
    // 1000 updates are 5 Collections calls; the budget spreads them over more than one day.
    expect(reports.reduce((n, r) => n + r.calls, 0)).toBe(5);
    expect(reports.length).toBeGreaterThan(24);
    expect(org.fake.state.requests.some((r) => r.status === 403)).toBe(false);
    const waiting = await ctx.deps.db.select().from(crmOutbox).where(eq(crmOutbox.installationId, id));
    expect(waiting.every((r) => r.attempts === 1)).toBe(true);
  });
});
