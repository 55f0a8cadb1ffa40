import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { setSearchCap } from '../../connectors/hubspot/fake/search';
import { objectsOf, putObject } from '../../connectors/hubspot/fake/state';
import { contacts, crmDealContacts, crmDeals, crmOwners, installations } from '../../src/db/schema';
import { getSyncState } from '../../src/services/crm/sync-state';
import {
  backfillJob,
  enqueueSync,
  incrementalJob,
  reconcileJob,
  syncTick,
} from '../../src/services/hubspot/sync';
import { runIncremental } from '../../src/services/hubspot/sync-incremental';
import { createHandlers } from '../../src/worker/handlers';
import { useTestContext } from '../helpers/context';
import {
  capturingLogger,
  connectedInstallation,
  HUBSPOT_ENV,
  syncPortal,
  testTransports,
} from '../helpers/hubspot-sync';

const ctx = useTestContext({ env: HUBSPOT_ENV });
const { portal, server, reset } = syncPortal(ctx);
afterAll(() => server.close());
beforeEach(reset);

const MIN = 60_000;

async function setup(seed: Parameters<typeof portal.fake.seed>[0]) {
  const seeded = portal.fake.seed({ owners: 2, pipeline: true, ...seed });
  const ins = await connectedInstallation(ctx, portal.fake);
  portal.urls = [];
  portal.fake.state.log.length = 0;
  return { ...seeded, ...ins, ts: testTransports(ctx, ins.id) };
}

async function ours(installationId: string) {
  return ctx.handle.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, installationId), isNotNull(contacts.externalId)));
}

const listCalls = (object: string) =>
  portal.fake.state.log.filter((l) => l.method === 'GET' && l.path === `/crm/v3/objects/${object}`);
const searches = () => portal.fake.state.log.filter((l) => l.path.endsWith('/search'));

describe('HubSpot pull sync', () => {
  it('backfills 1,000 contacts at ceil(n/100) list calls, no 429, with progress logged and on the route', async () => {
    const { id, api, ts } = await setup({ contacts: 1000, deals: 30 });
    const { logger, lines } = capturingLogger();
    const deps = { ...ctx.deps, logger };
    // A first run stopped after 3 pages shows progress mid-way.
    expect(await backfillJob(deps, id, { transports: ts, maxPages: 3 })).toBe('more');
    const mid = await api.get('/v1/crm/status');
    expect(mid.status).toBe(200);
    const midContacts = mid.body.sync.find((s: { object: string }) => s.object === 'contacts');
    expect(midContacts).toMatchObject({ phase: 'backfill', done: 300, total: 1000, percent: 30 });
    expect(midContacts.ratePerSecond).toBeGreaterThan(0);
    expect(midContacts.etaSeconds).toBeGreaterThan(0);

    expect(await backfillJob(deps, id, { transports: ts })).toBe('done');
    const stored = await ours(id);
    expect(stored).toHaveLength(1000);
    expect(stored.find((r) => r.email === 'contact-77@example.test')).toMatchObject({
      firstName: 'Contact',
      lastName: '77',
    });
    const log = portal.fake.state.log;
    expect(log.filter((l) => l.status === 429)).toHaveLength(0);
    expect(log.every((l) => l.status < 400)).toBe(true);
    // The minimum: 10 contact pages, 1 deal page, 1 owners page. Ours adds one association read per
    // deal page and one search per object for the totals (search is limited separately, 5/s).
    expect(listCalls('contacts')).toHaveLength(10);
    const apiCalls = log.filter((l) => !l.path.endsWith('/search'));
    expect(apiCalls.length).toBeLessThanOrEqual(Math.ceil(1.05 * (10 + 1 + 1)) + 1);
    expect(searches()).toHaveLength(2);

    const pages = lines.filter((l) => l.msg === 'hubspot backfill page' && l.fields.object === 'contacts');
    expect(pages).toHaveLength(10);
    expect(pages.at(-1)?.fields).toMatchObject({ done: 1000, total: 1000, etaSeconds: 0 });
    expect(pages[4]?.fields.etaSeconds).toBeGreaterThan(0);

    const deals = await ctx.handle.db.select().from(crmDeals).where(eq(crmDeals.installationId, id));
    expect(deals).toHaveLength(30);
    const links = await ctx.handle.db
      .select()
      .from(crmDealContacts)
      .where(eq(crmDealContacts.installationId, id));
    expect(links).toHaveLength(30);
    const owners = await ctx.handle.db.select().from(crmOwners).where(eq(crmOwners.installationId, id));
    expect(owners).toHaveLength(2);

    const done = await api.get('/v1/crm/status');
    expect(done.body.connection).toMatchObject({ crm: 'hubspot', status: 'connected', portalId: '42' });
    expect(done.body.outbox).toEqual({ pending: 0, failed: 0 });
    const c = done.body.sync.find((s: { object: string }) => s.object === 'contacts');
    expect(c).toMatchObject({
      phase: 'incremental',
      done: 1000,
      total: 1000,
      etaSeconds: 0,
      lastError: null,
    });
    const state = await getSyncState(ctx.handle.db, id, 'contacts');
    expect(state?.since?.getTime()).toBeLessThan(state?.startedAt?.getTime() ?? 0);
  });

  it('a crash mid-backfill resumes from the cursor: every page read once, no duplicates', async () => {
    const { id, ts } = await setup({ contacts: 450 });
    let pages = 0;
    portal.failWhen = (url) => url.pathname === '/crm/v3/objects/contacts' && ++pages > 3;
    await expect(backfillJob(ctx.deps, id, { transports: ts })).rejects.toThrow(/unavailable/);
    const broken = await getSyncState(ctx.handle.db, id, 'contacts');
    expect(broken).toMatchObject({ phase: 'backfill', done: 300 });
    expect(broken?.lastError).toMatch(/unavailable/);
    expect(await ours(id)).toHaveLength(300);

    portal.failWhen = null;
    expect(await backfillJob(ctx.deps, id, { transports: ts })).toBe('done');
    const rows = await ours(id);
    expect(rows).toHaveLength(450);
    expect(new Set(rows.map((r) => r.externalId)).size).toBe(450);
    // Five pages answered, each once: the second run started at the stored cursor.
    const answered = listCalls('contacts');
    expect(answered).toHaveLength(5);
    const firstPages = portal.urls.filter(
      (u) => u.pathname === '/crm/v3/objects/contacts' && !u.searchParams.has('after'),
    );
    expect(firstPages).toHaveLength(1);
    expect(await getSyncState(ctx.handle.db, id, 'contacts')).toMatchObject({ done: 450, lastError: null });
  });

  it('the incremental pull picks up changed and new contacts and a deal that changed stage', async () => {
    const { id, ts, contactIds } = await setup({ contacts: 50, deals: 5 });
    expect(await backfillJob(ctx.deps, id, { transports: ts })).toBe('done');
    // A property of ours on the contact (set through our API, say) survives the pull.
    await ctx.handle.db
      .update(contacts)
      .set({ properties: sql`${contacts.properties} || '{"companySize": 200}'::jsonb` })
      .where(and(eq(contacts.installationId, id), eq(contacts.externalId, contactIds[3] ?? '')));
    ctx.clock.advance(10 * MIN);
    const state = portal.fake.state;
    putObject(state, 'contacts', { firstname: 'Renamed' }, contactIds[3]);
    putObject(state, 'contacts', { email: 'contact-5-new@example.test' }, contactIds[4]);
    const added = putObject(state, 'contacts', { email: 'late@example.test', firstname: 'Late' });
    putObject(state, 'contacts', { firstname: 'No address', email: null });
    // Moved to another contact's address: the contact service refuses it; the page goes on.
    putObject(state, 'contacts', { email: 'contact-8@example.test' }, contactIds[5]);
    const [deal] = [...objectsOf(state, 'deals').values()];
    putObject(state, 'deals', { dealstage: 'qualifiedtobuy' }, deal?.id);

    const result = await incrementalJob(ctx.deps, id, { transports: ts });
    expect(result?.contacts).toMatchObject({ stored: 3, skipped: 1 });
    const rows = new Map((await ours(id)).map((r) => [r.externalId, r]));
    expect(rows.get(contactIds[3] ?? '')?.firstName).toBe('Renamed');
    expect(rows.get(contactIds[3] ?? '')?.properties).toMatchObject({
      firstname: 'Renamed',
      companySize: 200,
    });
    expect(rows.get(contactIds[4] ?? '')?.email).toBe('contact-5-new@example.test');
    expect(rows.get(added.id)?.firstName).toBe('Late');
    expect(rows.get(contactIds[5] ?? '')?.email).toBe('contact-6@example.test');
    const [stored] = await ctx.handle.db
      .select()
      .from(crmDeals)
      .where(and(eq(crmDeals.installationId, id), eq(crmDeals.externalId, deal?.id ?? '')));
    expect(stored?.stageId).toBe('qualifiedtobuy');

    // Nothing changed: the next pass stores nothing, and `since` never moves past the pass start.
    const again = await incrementalJob(ctx.deps, id, { transports: ts });
    expect(again?.contacts?.stored).toBe(0);
    const since = (await getSyncState(ctx.handle.db, id, 'contacts'))?.since;
    expect(since?.getTime()).toBeLessThan(ctx.clock.now().getTime());
  });

  it('narrows past the search cap instead of paging beyond it (spread and same-instant changes)', async () => {
    const { id, ts, contactIds } = await setup({ contacts: 130 });
    expect(await backfillJob(ctx.deps, id, { transports: ts })).toBe('done');
    setSearchCap(portal.fake.state, 40);
    ctx.clock.advance(10 * MIN);
    for (const [i, cid] of contactIds.entries()) {
      if (i % 3 === 0) ctx.clock.advance(1000); // three changes per instant: ties at window edges
      putObject(portal.fake.state, 'contacts', { firstname: `Spread ${i}` }, cid);
    }
    portal.fake.state.log.length = 0;
    const spread = await incrementalJob(ctx.deps, id, { transports: ts, searchCap: 40 });
    expect(spread?.contacts?.stored).toBe(130);
    expect(spread?.contacts?.windows).toBeGreaterThanOrEqual(4);
    expect(portal.fake.state.log.filter((l) => l.status >= 400)).toHaveLength(0);

    ctx.clock.advance(10 * MIN);
    for (const cid of contactIds)
      putObject(portal.fake.state, 'contacts', { firstname: 'Same instant' }, cid);
    const crowded = await incrementalJob(ctx.deps, id, { transports: ts, searchCap: 40 });
    expect(crowded?.contacts?.stored).toBe(130);
    expect((await ours(id)).every((r) => r.firstName === 'Same instant')).toBe(true);
    expect(portal.fake.state.log.filter((l) => l.status >= 400)).toHaveLength(0);
  });

  it('reconcile repairs a contact changed without a webhook, merges an absorbed one, deletes what the portal deleted', async () => {
    const { id, ts, contactIds } = await setup({ contacts: 120, deals: 3 });
    expect(await backfillJob(ctx.deps, id, { transports: ts })).toBe('done');
    ctx.clock.advance(30 * MIN);
    putObject(portal.fake.state, 'contacts', { lastname: 'Repaired' }, contactIds[7]);
    objectsOf(portal.fake.state, 'contacts').delete(contactIds[8] ?? '');
    // Contact 11 absorbed contact 10 in a merge whose webhook never came.
    objectsOf(portal.fake.state, 'contacts').delete(contactIds[10] ?? '');
    putObject(portal.fake.state, 'contacts', { hs_merged_object_ids: contactIds[10] }, contactIds[11]);
    const [gone] = [...objectsOf(portal.fake.state, 'deals').keys()];
    objectsOf(portal.fake.state, 'deals').delete(gone ?? '');

    const result = await reconcileJob(ctx.deps, id, { transports: ts });
    expect(result).toMatchObject({
      changedContacts: 2,
      deletedContacts: 1,
      mergedContacts: 1,
      deletedDeals: 1,
    });
    const deals = await ctx.handle.db.select().from(crmDeals).where(eq(crmDeals.installationId, id));
    expect(deals.filter((d) => d.deletedAt !== null).map((d) => d.externalId)).toEqual([gone]);
    const rows = new Map((await ours(id)).map((r) => [r.externalId, r]));
    expect(rows.get(contactIds[7] ?? '')?.lastName).toBe('Repaired');
    expect(rows.get(contactIds[8] ?? '')?.deletedAt).not.toBeNull();
    expect(rows.get(contactIds[10] ?? '')?.properties.mergedInto).toBe(rows.get(contactIds[11] ?? '')?.id);
    const live = await ctx.handle.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.installationId, id), isNull(contacts.deletedAt)));
    expect(live).toHaveLength(118);
    // A second run finds nothing to repair.
    expect(await reconcileJob(ctx.deps, id, { transports: ts })).toMatchObject({
      changedContacts: 0,
      deletedContacts: 0,
    });
  });

  it('the tick asks for a backfill until it is done, then incremental pulls, and reconciles hourly', async () => {
    const { id, ts } = await setup({ contacts: 5 });
    const queued = async () => {
      const rows = await ctx.handle.pool.query<{ name: string }>(
        `select name from pgboss.job where name like 'hubspot.%' and state = 'created' and data->>'installationId' = $1 order by name`,
        [id],
      );
      await ctx.handle.pool.query(`delete from pgboss.job where name like 'hubspot.%'`);
      return rows.rows.map((r) => r.name);
    };
    expect(await syncTick(ctx.deps)).toBe(1);
    await syncTick(ctx.deps); // a second tick while one waits adds nothing (stately, keyed by installation)
    expect(await queued()).toEqual(['hubspot.backfill']);
    await backfillJob(ctx.deps, id, { transports: ts });
    await syncTick(ctx.deps);
    expect(await queued()).toEqual(['hubspot.reconcile', 'hubspot.syncIncremental']);
    await reconcileJob(ctx.deps, id, { transports: ts });
    ctx.clock.advance(MIN);
    await syncTick(ctx.deps);
    expect(await queued()).toEqual(['hubspot.syncIncremental']);
    ctx.clock.advance(60 * MIN);
    await syncTick(ctx.deps);
    expect(await queued()).toEqual(['hubspot.reconcile', 'hubspot.syncIncremental']);
    await ctx.handle.db
      .update(installations)
      .set({ connectionStatus: 'disconnected' })
      .where(eq(installations.id, id));
    expect(await syncTick(ctx.deps)).toBe(0);
  });

  it('an incremental pass stops at its page budget and the next one continues from the cursor', async () => {
    const { id, ts, contactIds } = await setup({ contacts: 30 });
    expect(await backfillJob(ctx.deps, id, { transports: ts })).toBe('done');
    ctx.clock.advance(10 * MIN);
    for (const cid of contactIds) {
      ctx.clock.advance(1000);
      putObject(portal.fake.state, 'contacts', { firstname: 'Later' }, cid);
    }
    setSearchCap(portal.fake.state, 10);
    const first = await runIncremental(ctx.deps, id, ts, 'contacts', { cap: 10, maxPages: 2 });
    expect(first).toMatchObject({ complete: false, read: 20 }); // the second window re-reads its first instant
    expect((await getSyncState(ctx.handle.db, id, 'contacts'))?.cursor).toBeTruthy();
    const second = await runIncremental(ctx.deps, id, ts, 'contacts', { cap: 10 });
    expect(second).toMatchObject({ complete: true });
    expect((await ours(id)).every((r) => r.firstName === 'Later')).toBe(true);
    expect((await getSyncState(ctx.handle.db, id, 'contacts'))?.cursor).toBeNull();
  });

  it("a queued backfill runs through the worker's handler on the installation's own transports", async () => {
    const { id } = await setup({ contacts: 150 });
    await enqueueSync(ctx.deps, 'hubspot.backfill', id);
    const [job] = await ctx.boss.fetch<{ installationId: string }>('hubspot.backfill');
    if (!job) throw new Error('no backfill job queued');
    await createHandlers(ctx.deps)['hubspot.backfill']?.(job.data, job);
    expect(await ours(id)).toHaveLength(150);
    expect(await getSyncState(ctx.handle.db, id, 'deals')).toMatchObject({ phase: 'incremental' });
  });

  it('skips a disconnected installation without calling HubSpot', async () => {
    const { id, ts } = await setup({ contacts: 10 });
    await ctx.handle.db
      .update(installations)
      .set({ connectionStatus: 'disconnected', disconnectedReason: 'revoked' })
      .where(eq(installations.id, id));
    expect(await backfillJob(ctx.deps, id, { transports: ts })).toBe('skipped');
    expect(portal.fake.state.log).toHaveLength(0);
  });
});
