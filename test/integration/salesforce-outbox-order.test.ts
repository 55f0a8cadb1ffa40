import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { crmOutbox } from '../../src/db/schema';
import { drainOutbox } from '../../src/services/salesforce/outbox-drain';
import { outboxTick } from '../../src/services/salesforce/outbox-tick';
import { useTestContext } from '../helpers/context';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';
import { queueWrite, syncedLead } from '../helpers/salesforce-outbox';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

const rows = () => ctx.handle.db.select().from(crmOutbox).orderBy(asc(crmOutbox.createdAt));

describe('the Salesforce outbox under outages', () => {
  it('waits out a 503 and a REQUEST_LIMIT_EXCEEDED, then sends everything in each contact’s order', async () => {
    const { installationId, api } = await connectedSalesforce(ctx, org);
    const a = await syncedLead(api, org.fake, 1);
    const b = await syncedLead(api, org.fake, 2);
    for (let i = 1; i <= 3; i += 1) {
      for (const l of [a, b]) {
        await queueWrite(ctx, installationId, l.contactId, 'task', {
          subject: `task ${i}`,
          dueAt: ctx.clock.now().toISOString(),
        });
        await queueWrite(ctx, installationId, l.contactId, 'property_update', {
          properties: { tandem_score: i },
        });
      }
    }
    const options = { maxAttempts: 1 };
    org.fake.outage({ status: 503, times: 1 });
    expect(await drainOutbox(ctx.deps, installationId, options)).toMatchObject({ done: 0, retrying: 2 });
    org.fake.outage({ status: 429, times: 1 }); // REQUEST_LIMIT_EXCEEDED (concurrent requests)
    for (let i = 0; i < 40 && (await rows()).some((r) => r.status === 'pending'); i += 1) {
      ctx.clock.advance(16 * 60_000);
      await drainOutbox(ctx.deps, installationId, options);
    }
    expect((await rows()).map((r) => r.status)).toEqual(Array(12).fill('done'));
    const tasks = [...(org.fake.state.records.get('Task')?.values() ?? [])];
    for (const l of [a, b]) {
      expect(tasks.filter((t) => t.WhoId === l.leadId).map((t) => t.Subject)).toEqual([
        'task 1',
        'task 2',
        'task 3',
      ]);
      expect(org.fake.state.records.get('Lead')?.get(l.leadId)?.Tandem_Score__c).toBe(3);
    }
    expect((await rows()).some((r) => r.attempts > 0)).toBe(true);
  });

  it('ticks a drain for each connected org with writes due', async () => {
    const { installationId, api } = await connectedSalesforce(ctx, org);
    const l = await syncedLead(api, org.fake, 1);
    expect(await outboxTick(ctx.deps)).toBe(0);
    await queueWrite(ctx, installationId, l.contactId, 'property_update', {
      properties: { tandem_band: 'MQL' },
    });
    expect(await outboxTick(ctx.deps)).toBe(1);
    const [row] = await ctx.handle.db
      .select()
      .from(crmOutbox)
      .where(eq(crmOutbox.installationId, installationId));
    expect(row?.status).toBe('pending');
  });
});
