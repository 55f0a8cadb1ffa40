import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../src/db/schema';
import { getSyncState } from '../../src/services/crm/sync-state';
import { salesforceTransport } from '../../src/services/salesforce/connector';
import { backfillJob, incrementalJob, type SyncRunOptions } from '../../src/services/salesforce/sync';
import { useTestContext } from '../helpers/context';
import { capturingLogger } from '../helpers/hubspot-sync';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

const MIN = 60_000;
const options = (id: string, extra: SyncRunOptions = {}): SyncRunOptions => ({
  transport: salesforceTransport(ctx.deps, id, { sleep: async (ms) => void ctx.clock.advance(ms) }),
  sleep: async (ms) => void ctx.clock.advance(ms),
  ...extra,
});
const live = async (id: string) =>
  ctx.handle.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, id), isNotNull(contacts.externalId), isNull(contacts.deletedAt)));
const calls = (path: string) => org.fake.state.requests.filter((r) => r.path.includes(path));

describe('Salesforce pull sync: backfill', () => {
  it('backfills 1,000 leads and contacts through REST keyset pages, progress reaching done', async () => {
    org.fake.seed({ leads: 600, contacts: 400 });
    const { installationId: id, api } = await connectedSalesforce(ctx, org);
    const { logger, lines } = capturingLogger();
    const deps = { ...ctx.deps, logger };
    // A first run stopped after 2 pages of 250 shows progress mid-way.
    expect(await backfillJob(deps, id, options(id, { pageLimit: 250, maxPages: 2 }))).toBe('more');
    expect(await getSyncState(ctx.handle.db, id, 'leads')).toMatchObject({
      phase: 'backfill',
      done: 500,
      total: 600,
    });
    const mid = await api.get('/v1/crm/status');
    expect(mid.status).toBe(200);
    expect(mid.body.sync.find((s: { object: string }) => s.object === 'leads')).toMatchObject({
      percent: 83.3,
    });

    expect(await backfillJob(deps, id, options(id, { pageLimit: 250 }))).toBe('done');
    const rows = await live(id);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r.externalId)).size).toBe(1000);
    expect(rows.find((r) => r.email === 'lead-77@example.test')).toMatchObject({
      firstName: 'Lead',
      lastName: '77',
      company: 'Company 77',
    });
    expect(rows.find((r) => r.email === 'contact-9@example.test')?.properties).toMatchObject({
      sobject: 'Contact',
    });
    for (const object of ['leads', 'contacts'] as const) {
      const s = await getSyncState(ctx.handle.db, id, object);
      expect(s).toMatchObject({ phase: 'incremental', done: s?.total, lastError: null });
    }
    const last = lines
      .filter((l) => l.msg === 'salesforce backfill page' && l.fields.object === 'Contact')
      .at(-1);
    expect(last?.fields).toMatchObject({ mode: 'rest', done: 400, total: 400, percent: 100, etaSeconds: 0 });
    expect(calls('/jobs/query')).toHaveLength(0);
    // 3 lead pages (600/250), 2 contact pages, 3 counts; no error answers.
    expect(org.fake.state.requests.every((r) => r.status < 400)).toBe(true);
  });

  it('backfills through Bulk API 2.0 above the threshold, one results page per locator', async () => {
    org.fake.seed({ leads: 1000 });
    const { installationId: id } = await connectedSalesforce(ctx, org);
    org.fake.bulkPollsBeforeComplete(2);
    const result = await backfillJob(ctx.deps, id, options(id, { bulkThreshold: 500, pageLimit: 300 }));
    expect(result).toBe('done');
    expect(await live(id)).toHaveLength(1000);
    const created = calls('/jobs/query').filter((r) => r.method === 'POST');
    expect(created).toHaveLength(1); // Leads only: Contacts and Opportunities are below the threshold
    expect(calls('/results')).toHaveLength(4); // 1,000 rows at 300 a page
    const lead = (await live(id)).find((r) => r.email === 'lead-5@example.test');
    // CSV cells are strings: booleans and empty cells come back typed.
    expect(lead?.properties).toMatchObject({ HasOptedOutOfEmail: false, IsConverted: false, State: null });
    expect(await getSyncState(ctx.handle.db, id, 'leads')).toMatchObject({
      phase: 'incremental',
      done: 1000,
      total: 1000,
    });
  });

  it('a Bulk backfill whose job expired meanwhile starts a new job and counts afresh', async () => {
    org.fake.seed({ leads: 700 });
    const { installationId: id } = await connectedSalesforce(ctx, org);
    const bulk = { bulkThreshold: 500, pageLimit: 300 };
    expect(await backfillJob(ctx.deps, id, options(id, { ...bulk, maxPages: 1 }))).toBe('more');
    expect(await getSyncState(ctx.handle.db, id, 'leads')).toMatchObject({ phase: 'backfill', done: 300 });
    org.fake.state.bulkJobs.clear();
    expect(await backfillJob(ctx.deps, id, options(id, bulk))).toBe('done');
    expect(await live(id)).toHaveLength(700);
    expect(calls('/jobs/query').filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(await getSyncState(ctx.handle.db, id, 'leads')).toMatchObject({ done: 700, total: 700 });
  });

  it('a crash mid-backfill resumes from the cursor: no page skipped, no duplicates', async () => {
    org.fake.seed({ leads: 450 });
    const { installationId: id } = await connectedSalesforce(ctx, org);
    let pages = 0;
    org.fake.outage({ status: 500, match: (path) => path.endsWith('/query') && ++pages > 3 });
    await expect(backfillJob(ctx.deps, id, options(id, { pageLimit: 100 }))).rejects.toThrow(/unavailable/);
    const broken = await getSyncState(ctx.handle.db, id, 'leads');
    expect(broken).toMatchObject({ phase: 'backfill', done: 200 }); // count, then 2 pages, then down
    expect(broken?.lastError).toMatch(/unavailable/);
    expect(await live(id)).toHaveLength(200);

    org.fake.outage(null);
    expect(await backfillJob(ctx.deps, id, options(id, { pageLimit: 100 }))).toBe('done');
    const rows = await live(id);
    expect(rows).toHaveLength(450);
    expect(await getSyncState(ctx.handle.db, id, 'leads')).toMatchObject({ done: 450, lastError: null });
  });
});

describe('Salesforce pull sync: incremental', () => {
  it('picks up changes by SystemModstamp, Id, across a page boundary inside one stamp', async () => {
    const seeded = org.fake.seed({ leads: 30 });
    const { installationId: id } = await connectedSalesforce(ctx, org);
    expect(await backfillJob(ctx.deps, id, options(id))).toBe('done');
    ctx.clock.advance(10 * MIN);
    // 25 changes in one second: pages of 10 split them, the keyset's Id breaks the tie.
    for (const lead of seeded.leads.slice(0, 25))
      org.fake.putRecord('Lead', { FirstName: 'Same second' }, lead.Id);
    ctx.clock.advance(1000);
    const added = org.fake.putRecord('Lead', { Email: 'Late@Example.test', LastName: 'Late' });
    const result = await incrementalJob(ctx.deps, id, options(id, { pageLimit: 10 }));
    expect(result?.Lead).toMatchObject({ complete: true });
    const rows = await live(id);
    expect(rows.filter((r) => r.firstName === 'Same second')).toHaveLength(25);
    expect(rows.find((r) => r.externalId === added.Id)?.email).toBe('late@example.test');
    // The cursor stays a minute behind the pass (a change in the second we read must not be lost).
    const cursor = async () =>
      JSON.parse((await getSyncState(ctx.handle.db, id, 'leads'))?.cursor ?? '{}').keyset;
    expect(await cursor()).toEqual({
      modstamp: new Date(ctx.clock.now().getTime() - MIN).toISOString(),
      id: '',
    });

    // Changed again within that second: the next pass finds it; the cursor then moves to the last row.
    org.fake.putRecord('Lead', { FirstName: 'Twice' }, seeded.leads[0]!.Id);
    ctx.clock.advance(5 * MIN);
    const next = await incrementalJob(ctx.deps, id, options(id, { pageLimit: 10 }));
    expect(next?.Lead).toMatchObject({ complete: true });
    expect((await live(id)).find((r) => r.externalId === seeded.leads[0]!.Id)?.firstName).toBe('Twice');
    expect(await cursor()).toMatchObject({ id: added.Id }); // the last of that second by Id

    // Nothing changed since: one short page, nothing read.
    ctx.clock.advance(5 * MIN);
    const again = await incrementalJob(ctx.deps, id, options(id, { pageLimit: 10 }));
    expect(again?.Lead).toMatchObject({ read: 0, pages: 1, complete: true });
  });
});
