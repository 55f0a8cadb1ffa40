import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, crmOutbox } from '../../src/db/schema';
import { newId } from '../../src/lib/ids';
import { drainOutbox } from '../../src/services/salesforce/outbox-drain';
import { useTestContext } from '../helpers/context';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);
const sleep = async (ms: number) => {
  ctx.clock.advance(ms);
};

/** A connected org with `n` seeded leads, each held as one of our contacts. */
async function setup(n: number) {
  const { installationId } = await connectedSalesforce(ctx, org);
  const { leads } = org.fake.seed({ leads: n, users: 1 });
  const people = leads.map((l, i) => ({
    id: newId('con'),
    installationId,
    externalId: String(l.Id),
    ownerId: l.OwnerId ? String(l.OwnerId) : null,
    email: `lead-${i + 1}@example.test`,
  }));
  if (people.length > 0) await ctx.deps.db.insert(contacts).values(people);
  return { id: installationId, people };
}

let seq = 0;
async function queue(
  id: string,
  contactId: string,
  kind: 'task' | 'property_update' | 'opt_out' | 'timeline_event',
  payload: Record<string, unknown>,
) {
  seq += 1;
  await ctx.deps.db.insert(crmOutbox).values({
    id: newId('act'),
    installationId: id,
    contactId,
    kind,
    payload: { ...payload, seq },
    idempotencyKey: `k${seq}-${Math.random()}`,
    createdAt: ctx.clock.now(),
  });
}

const rowsOf = (id: string) => ctx.deps.db.select().from(crmOutbox).where(eq(crmOutbox.installationId, id));
const collectionCalls = () =>
  org.fake.state.requests.filter((r) => r.path.endsWith('/composite/sobjects') && r.status < 300);

describe('salesforce outbox drain', () => {
  it('sends 450 property updates in 3 Collections calls of at most 200', async () => {
    const { id, people } = await setup(450);
    for (const p of people)
      await queue(id, p.id, 'property_update', {
        properties: { tandem_score: '42', tandem_band: 'Warm', lead_status: 'Working' },
      });
    const report = await drainOutbox(ctx.deps, id, { sleep });
    expect(report).toMatchObject({ status: 'drained', done: 450, failed: 0 });
    expect(collectionCalls()).toHaveLength(3);
    const lead = org.fake.state.records.get('Lead')?.get(people[7]?.externalId ?? '');
    expect(lead).toMatchObject({ Tandem_Score__c: 42, Tandem_Band__c: 'Warm', Status: 'Working' });
    expect((await rowsOf(id)).every((r) => r.status === 'done')).toBe(true);
  });

  it('creates tasks and completed Email tasks, and opts out', async () => {
    const { id, people } = await setup(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    await queue(id, a.id, 'task', {
      subject: 'Call this lead',
      body: 'Hot',
      dueAt: '2026-12-05T10:00:00.000Z',
    });
    await queue(id, a.id, 'timeline_event', {
      eventTemplateId: 'sequence_email_sent',
      timestamp: '2026-12-03T09:00:00.000Z',
      tokens: { subject: 'Intro', sequenceName: 'Welcome', stepKey: 'intro', whyThen: 'inside the window' },
    });
    await queue(id, b.id, 'opt_out', { email: b.email });
    expect(await drainOutbox(ctx.deps, id, { sleep })).toMatchObject({ status: 'drained', done: 3 });
    const tasks = [...(org.fake.state.records.get('Task')?.values() ?? [])];
    expect(tasks.find((t) => t.Status === 'Not Started')).toMatchObject({
      WhoId: a.externalId,
      OwnerId: a.ownerId,
      Subject: 'Call this lead',
      ActivityDate: '2026-12-05',
      Priority: 'Normal',
    });
    const mail = tasks.find((t) => t.TaskSubtype === 'Email');
    expect(mail).toMatchObject({
      WhoId: a.externalId,
      Status: 'Completed',
      Type: 'Email',
      Subject: 'Email: Intro',
    });
    expect(String(mail?.Description)).toContain('inside the window');
    expect(org.fake.state.records.get('Lead')?.get(b.externalId)?.HasOptedOutOfEmail).toBe(true);
  });

  it('keeps every row through a 503 then REQUEST_LIMIT_EXCEEDED, in each contact order', async () => {
    const { id, people } = await setup(3);
    for (const p of people) {
      await queue(id, p.id, 'property_update', { properties: { tandem_last_step: 'one' } });
      await queue(id, p.id, 'task', { subject: 'Call', dueAt: '2026-12-05T10:00:00.000Z' });
      await queue(id, p.id, 'property_update', { properties: { tandem_last_step: 'two' } });
    }
    org.fake.outage({ status: 503, times: 20 });
    const first = await drainOutbox(ctx.deps, id, { sleep });
    expect(first.done).toBe(0);
    org.fake.outage(null);
    org.fake.outage({ status: 429, times: 20 });
    await drainOutbox(ctx.deps, id, { sleep });
    org.fake.outage(null);
    for (let i = 0; i < 20 && (await rowsOf(id)).some((r) => r.status === 'pending'); i++) {
      ctx.clock.advance(20 * 60_000);
      await drainOutbox(ctx.deps, id, { sleep });
    }
    const rows = await rowsOf(id);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    for (const p of people)
      expect(org.fake.state.records.get('Lead')?.get(p.externalId)?.Tandem_Last_Step__c).toBe('two');
  });

  it('fails a row Salesforce refuses for good, with the reason, and does not retry it', async () => {
    const { id, people } = await setup(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    org.fake.deleteRecord('Lead', a.externalId);
    await queue(id, a.id, 'property_update', { properties: { tandem_score: 5 } });
    await queue(id, b.id, 'property_update', { properties: { tandem_score: 6 } });
    expect(await drainOutbox(ctx.deps, id, { sleep })).toMatchObject({ done: 1, failed: 1 });
    const failed = (await rowsOf(id)).find((r) => r.contactId === a.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed?.lastError).toMatch(/ENTITY_IS_DELETED|INVALID_CROSS_REFERENCE_KEY|NOT_FOUND/);
    expect(await drainOutbox(ctx.deps, id, { sleep })).toMatchObject({ done: 0, failed: 0, calls: 0 });
  });
});
