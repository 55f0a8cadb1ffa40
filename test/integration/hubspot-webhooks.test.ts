import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webhookHeaders } from '../../connectors/hubspot/fake/signer';
import {
  contacts,
  crmDealContacts,
  crmDeals,
  crmPipelines,
  crmWebhookEvents,
  crmWrites,
} from '../../src/db/schema';
import { createApp } from '../../src/http/create-app';
import { upsertContact } from '../../src/services/contacts';
import { applyWebhooks } from '../../src/services/hubspot/webhook-apply';
import { createApiKey, createInstallation } from '../../src/services/installations';
import { useTestContext } from '../helpers/context';
import { contactRow, enrollmentRow, eventsOf, outboxRows } from '../helpers/engagement';
import { type Api, apiFor, publishedSequence } from '../helpers/fixtures';

const SECRET = 'hubspot-client-secret';
const APP_ID = 4242;
const PORTAL = 777;
const ctx = useTestContext({ env: { HUBSPOT_CLIENT_SECRET: SECRET, HUBSPOT_APP_ID: String(APP_ID) } });
const URL_SIGNED = 'http://tandem.test/hubspot/webhooks';

let nextEventId = 1;
function event(extra: Record<string, unknown> = {}) {
  return {
    eventId: nextEventId++,
    subscriptionId: 11,
    portalId: PORTAL,
    appId: APP_ID,
    occurredAt: ctx.clock.now().getTime(),
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 501,
    propertyName: 'firstname',
    propertyValue: 'Ada',
    changeSource: 'CRM_UI',
    ...extra,
  };
}

type Delivery = { body?: string; ts?: number; secret?: string; url?: string; path?: string };
async function deliver(events: unknown[], opts: Delivery = {}) {
  const body = JSON.stringify(events);
  const headers = webhookHeaders(
    opts.secret ?? SECRET,
    opts.url ?? URL_SIGNED,
    body,
    opts.ts ?? ctx.clock.now().getTime(),
  );
  const res = await ctx.app.request(opts.path ?? '/hubspot/webhooks', {
    method: 'POST',
    headers,
    body: opts.body ?? body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

async function hubspotInstallation(portalId = PORTAL) {
  const row = await createInstallation(ctx.handle.db, {
    name: 'Portal',
    crm: 'hubspot',
    externalId: String(portalId),
  });
  return row.id;
}

const stored = (installationId: string) =>
  ctx.handle.db.select().from(crmWebhookEvents).where(eq(crmWebhookEvents.installationId, installationId));

describe('POST /hubspot/webhooks: signature', () => {
  it('happy: a signed delivery is stored and answered 200', async () => {
    const installationId = await hubspotInstallation();
    const res = await deliver([event()]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 1, stored: 1, duplicates: 0, unknownPortal: 0 });
    const rows = await stored(installationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subscriptionType: 'contact.propertyChange', objectId: '501' });
    expect(rows[0]?.processedAt).toBeNull();
  });

  it('security: forged, replayed, altered, unsigned or signed for another URL -> 401 and nothing stored', async () => {
    const installationId = await hubspotInstallation();
    const now = ctx.clock.now().getTime();
    const forged = await deliver([event()], { secret: 'not-the-secret' });
    const replayed = await deliver([event()], { ts: now - 5 * 60 * 1000 - 1 });
    const future = await deliver([event()], { ts: now + 6 * 60 * 1000 });
    const altered = await deliver([event()], { body: JSON.stringify([event({ propertyValue: 'Eve' })]) });
    const otherUrl = await deliver([event()], { url: 'http://localhost/hubspot/webhooks' });
    const unsigned = await ctx.app.request('/hubspot/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([event()]),
    });
    for (const res of [forged, replayed, future, altered, otherUrl]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect(unsigned.status).toBe(401);
    expect(await stored(installationId)).toHaveLength(0);
  });

  it('security: the query string is signed, with only the documented escapes decoded', async () => {
    const installationId = await hubspotInstallation();
    // HubSpot signs `?next=a:b` for a URL sent as `?next=a%3Ab`; %20 stays encoded.
    const path = '/hubspot/webhooks?next=a%3Ab&x=%20';
    const ok = await deliver([event()], { path, url: `http://tandem.test${path}` });
    expect(ok.status).toBe(200);
    const wrong = await deliver([event({ objectId: 9 })], {
      path,
      url: 'http://tandem.test/hubspot/webhooks',
    });
    expect(wrong.status).toBe(401);
    expect(await stored(installationId)).toHaveLength(1);
  });

  it('error: a signed body that is not a batch of events is 400, unknown portals are dropped', async () => {
    const installationId = await hubspotInstallation();
    const bad = await deliver([{ hello: 'world' }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
    const unknown = await deliver([event({ portalId: 999 }), event()]);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ received: 2, stored: 1, unknownPortal: 1 });
    expect(await stored(installationId)).toHaveLength(1);
  });
});

describe('POST /hubspot/webhooks: limits and configuration', () => {
  it('error: without HUBSPOT_CLIENT_SECRET the route answers 503 hubspot_not_configured', async () => {
    const { HUBSPOT_CLIENT_SECRET: _secret, ...config } = ctx.deps.config;
    const app = createApp({ ...ctx.deps, config });
    const body = JSON.stringify([event()]);
    const res = await app.request('/hubspot/webhooks', {
      method: 'POST',
      headers: webhookHeaders(SECRET, URL_SIGNED, body, ctx.clock.now().getTime()),
      body,
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('hubspot_not_configured');
  });

  it('error: a body past the JSON limit (1 MB) is 413 and nothing is stored', async () => {
    const installationId = await hubspotInstallation();
    const big = JSON.stringify([event({ propertyValue: 'x'.repeat(1024 * 1024) })]);
    const res = await deliver([], { body: big });
    expect(res.status).toBe(413);
    expect(await stored(installationId)).toHaveLength(0);
  });
});

describe('POST /hubspot/webhooks: storage', () => {
  it('a duplicate delivery (same content, new eventId and attempt) is stored once', async () => {
    const installationId = await hubspotInstallation();
    const first = event();
    expect((await deliver([first])).body.stored).toBe(1);
    const again = await deliver([{ ...first, eventId: 99_999, attemptNumber: 1 }]);
    expect(again.body).toMatchObject({ stored: 0, duplicates: 1 });
    expect(await stored(installationId)).toHaveLength(1);
  });

  it('a 100-event batch is answered 200 with all stored and one apply job queued', async () => {
    const installationId = await hubspotInstallation();
    const batch = Array.from({ length: 100 }, (_, i) => event({ objectId: 1000 + i }));
    const res = await deliver(batch);
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(100);
    expect(await stored(installationId)).toHaveLength(100);
    const more = await deliver([event({ objectId: 5 })]);
    expect(more.body.stored).toBe(1);
    // One queued job per installation: the second delivery adds none, another portal adds its own.
    const other = await hubspotInstallation(888);
    expect((await deliver([event({ portalId: 888 })])).body.stored).toBe(1);
    const jobs = await ctx.boss.fetch('hubspot.applyWebhooks', { batchSize: 10 });
    const queued = jobs.map((j) => (j.data as { installationId: string }).installationId);
    expect(queued.sort()).toEqual([installationId, other].sort());
  });
});

// ---- applying (the job, driven directly with the injected clock) ----

async function setup() {
  const installationId = await hubspotInstallation();
  const { key } = await createApiKey(ctx.handle.db, { installationId, name: 't', role: 'admin' });
  const api = apiFor(ctx, key);
  const contact = await upsertContact(
    ctx.handle.db,
    installationId,
    { email: 'ann@example.com', externalId: '501', firstName: 'Ann' },
    ctx.clock.now(),
  );
  const apply = () => applyWebhooks(ctx.deps, { installationId });
  return { installationId, api, contactId: contact.id, apply };
}

async function enroll(api: Api, email = 'ann@example.com') {
  const seq = await publishedSequence(api, [
    { key: 'one', subject: 'One' },
    { key: 'two', subject: 'Two' },
  ]);
  const res = await api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contact: { email } });
  expect(res.status).toBe(201);
  return res.body.enrollment.id as string;
}

async function outcomes(installationId: string) {
  const rows = await stored(installationId);
  return Object.fromEntries(
    rows.map((r) => [`${r.payload.propertyName ?? r.subscriptionType}@${r.payload.occurredAt}`, r.outcome]),
  );
}

const noProperty = { propertyName: undefined, propertyValue: undefined };
const at = (offsetMs: number) => ctx.clock.now().getTime() + offsetMs;

describe('hubspot.applyWebhooks: contacts', () => {
  it('applies mapped properties to columns and keeps every property under its HubSpot name', async () => {
    const s = await setup();
    await deliver([
      event({ propertyName: 'lastname', propertyValue: 'Lovelace' }),
      event({ propertyName: 'state', propertyValue: 'Ontario' }),
      event({ propertyName: 'hs_timezone', propertyValue: 'america_slash_toronto' }),
      event({ propertyName: 'hubspot_owner_id', propertyValue: '77' }),
      event({ propertyName: 'lifecyclestage', propertyValue: 'lead' }),
    ]);
    const summary = await s.apply();
    expect(summary.outcomes).toEqual({ applied: 5 });
    const c = await contactRow(ctx, s.contactId);
    expect(c).toMatchObject({ firstName: 'Ann', lastName: 'Lovelace', region: 'Ontario', ownerId: '77' });
    expect(c.crmTimeZone).toBe('America/Toronto');
    expect(c.properties).toMatchObject({ lastname: 'Lovelace', lifecyclestage: 'lead' });
    const rows = await stored(s.installationId);
    expect(rows.every((r) => r.processedAt?.getTime() === ctx.clock.now().getTime())).toBe(true);
  });

  it('an older change arriving last does not overwrite a newer one (across and within deliveries)', async () => {
    const s = await setup();
    await deliver([event({ propertyValue: 'Newest', occurredAt: at(-1_000) })]);
    await s.apply();
    await deliver([event({ propertyValue: 'Older', occurredAt: at(-60_000) })]);
    await s.apply();
    expect((await contactRow(ctx, s.contactId)).firstName).toBe('Newest');
    // One delivery, newest first: applied in occurredAt order, so the newest still wins.
    await deliver([
      event({ propertyName: 'company', propertyValue: 'B', occurredAt: at(-10) }),
      event({ propertyName: 'company', propertyValue: 'A', occurredAt: at(-20) }),
    ]);
    await s.apply();
    expect((await contactRow(ctx, s.contactId)).company).toBe('B');
    const o = await outcomes(s.installationId);
    expect(o[`firstname@${at(-60_000)}`]).toBe('stale');
    expect(o[`firstname@${at(-1_000)}`]).toBe('applied');
  });

  it('a change older than the record the sync last read (its lastmodifieddate) is stale', async () => {
    const s = await setup();
    const held = new Date(at(-1_000)).toISOString();
    await upsertContact(
      ctx.handle.db,
      s.installationId,
      {
        email: 'ann@example.com',
        externalId: '501',
        firstName: 'Synced',
        properties: { lastmodifieddate: held },
      },
      ctx.clock.now(),
    );
    await deliver([event({ propertyValue: 'Late retry', occurredAt: at(-5_000) })]);
    await s.apply();
    expect((await contactRow(ctx, s.contactId)).firstName).toBe('Synced');
    await deliver([event({ propertyValue: 'Newer', occurredAt: at(-10) })]);
    await s.apply();
    expect((await contactRow(ctx, s.contactId)).firstName).toBe('Newer');
  });

  it('our own write echoed back is recorded as echo and not re-applied; a person making the same change is', async () => {
    const s = await setup();
    await ctx.handle.db.insert(crmWrites).values({
      installationId: s.installationId,
      objectId: '501',
      property: 'lifecyclestage',
      value: 'marketingqualifiedlead',
      writtenAt: new Date(at(-5_000)),
    });
    const echo = { propertyName: 'lifecyclestage', propertyValue: 'marketingqualifiedlead' };
    await deliver([
      event({ ...echo, changeSource: 'INTEGRATION', sourceId: String(APP_ID), occurredAt: at(-4_000) }),
    ]);
    await s.apply();
    expect((await contactRow(ctx, s.contactId)).properties.lifecyclestage).toBeUndefined();
    expect(Object.values(await outcomes(s.installationId))).toEqual(['echo']);
    await deliver([event({ ...echo, changeSource: 'CRM_UI', occurredAt: at(-3_000) })]);
    await s.apply();
    expect((await contactRow(ctx, s.contactId)).properties.lifecyclestage).toBe('marketingqualifiedlead');
  });

  it('contact.deletion soft-deletes and ends live enrollments; later changes to it do not revive it', async () => {
    const s = await setup();
    const enrollmentId = await enroll(s.api);
    await deliver([
      event({ subscriptionType: 'contact.deletion', propertyName: undefined, propertyValue: undefined }),
    ]);
    await s.apply();
    const e = await enrollmentRow(ctx, enrollmentId);
    expect(e.status).toBe('removed');
    expect((await contactRow(ctx, s.contactId)).deletedAt).not.toBeNull();
    await deliver([event({ propertyValue: 'Ghost', occurredAt: at(1) })]);
    await s.apply();
    const c = await contactRow(ctx, s.contactId);
    expect(c.deletedAt).not.toBeNull();
    expect(c.firstName).toBe('Ann');
  });

  it('hs_email_optout=true suppresses like an unsubscribe, without writing it back to HubSpot', async () => {
    const s = await setup();
    const enrollmentId = await enroll(s.api);
    await deliver([event({ propertyName: 'hs_email_optout', propertyValue: 'true' })]);
    await s.apply();
    expect((await enrollmentRow(ctx, enrollmentId)).status).toBe('opted_out');
    const c = await contactRow(ctx, s.contactId);
    expect(c.suppressionReason).toBe('unsubscribed');
    expect(c.properties.hs_email_optout).toBe('true');
    expect(await eventsOf(ctx, s.contactId, 'unsubscribed')).toHaveLength(1);
    expect((await outboxRows(ctx, s.contactId)).filter((r) => r.kind === 'opt_out')).toHaveLength(0);
  });

  it('an address change follows the contact rules: a taken address is refused with its reason', async () => {
    const s = await setup();
    const other = await upsertContact(
      ctx.handle.db,
      s.installationId,
      { email: 'bob@example.com' },
      ctx.clock.now(),
    );
    await deliver([event({ propertyName: 'email', propertyValue: 'BOB@example.com', occurredAt: at(-2) })]);
    await s.apply();
    expect((await contactRow(ctx, s.contactId)).email).toBe('ann@example.com');
    const [row] = await stored(s.installationId);
    expect(row?.outcome).toBe(`email_taken: the address belongs to ${other.id}`);
    await deliver([event({ propertyName: 'email', propertyValue: 'ann@new.example', occurredAt: at(-1) })]);
    await s.apply();
    expect((await contactRow(ctx, s.contactId)).email).toBe('ann@new.example');
  });

  it('a new contact: creation without an address waits (needs_fetch); its address creates it and earlier changes follow', async () => {
    const s = await setup();
    const created = { objectId: 900, propertyName: undefined, propertyValue: undefined };
    await deliver([
      event({ ...created, subscriptionType: 'contact.creation', occurredAt: at(-10) }),
      event({ objectId: 900, propertyName: 'firstname', propertyValue: 'Cy', occurredAt: at(-10) }),
    ]);
    await s.apply();
    expect(Object.values(await outcomes(s.installationId)).sort()).toEqual(['needs_fetch', 'needs_fetch']);
    await deliver([
      event({ objectId: 900, propertyName: 'email', propertyValue: 'cy@example.com', occurredAt: at(-10) }),
    ]);
    await s.apply();
    const [cy] = await ctx.handle.db.select().from(contacts).where(eq(contacts.externalId, '900'));
    expect(cy).toMatchObject({ email: 'cy@example.com', firstName: 'Cy' });
  });

  it('a 100-event batch is applied in one job run', async () => {
    const s = await setup();
    const batch = Array.from({ length: 100 }, (_, i) =>
      event({ propertyName: `p${i}`, propertyValue: String(i) }),
    );
    expect((await deliver(batch)).status).toBe(200);
    const summary = await s.apply();
    expect(summary).toMatchObject({ processed: 100, outcomes: { applied: 100 }, more: false });
    expect(Object.keys((await contactRow(ctx, s.contactId)).properties)).toHaveLength(100);
  });
});

describe('hubspot.applyWebhooks: deals, merges', () => {
  it('a deal moving into an open stage with the contact linked pauses its enrollment', async () => {
    const s = await setup();
    const enrollmentId = await enroll(s.api);
    await ctx.handle.db.insert(crmPipelines).values({
      installationId: s.installationId,
      externalId: 'sales',
      label: 'Sales',
      stages: [
        { id: 'talking', label: 'Talking', closed: false, won: false },
        { id: 'won', label: 'Won', closed: true, won: true },
      ],
      updatedAt: ctx.clock.now(),
    });
    const deal = { subscriptionType: 'deal.propertyChange', objectId: 70, occurredAt: at(-100) };
    await deliver([
      event({ ...deal, propertyName: 'pipeline', propertyValue: 'sales' }),
      event({ ...deal, propertyName: 'dealstage', propertyValue: 'talking' }),
      event({
        subscriptionType: 'deal.associationChange',
        objectId: undefined,
        propertyName: undefined,
        propertyValue: undefined,
        fromObjectId: 70,
        toObjectId: 501,
        associationType: 'DEAL_TO_CONTACT',
        associationRemoved: false,
        occurredAt: at(-50),
      }),
    ]);
    await s.apply();
    const [row] = await ctx.handle.db.select().from(crmDeals).where(eq(crmDeals.externalId, '70'));
    expect(row).toMatchObject({ pipelineId: 'sales', stageId: 'talking' });
    const links = await ctx.handle.db.select().from(crmDealContacts);
    expect(links.map((l) => l.contactId)).toEqual([s.contactId]);
    expect((await enrollmentRow(ctx, enrollmentId)).status).toBe('paused');
    // The deal deleted: nothing holds the contact any more, so the enrollment resumes.
    await deliver([
      event({ subscriptionType: 'deal.deletion', objectId: 70, ...noProperty, occurredAt: at(-10) }),
    ]);
    await s.apply();
    expect((await enrollmentRow(ctx, enrollmentId)).status).toBe('active');
    const [gone] = await ctx.handle.db.select().from(crmDeals).where(eq(crmDeals.externalId, '70'));
    expect(gone?.deletedAt).not.toBeNull();
  });

  it('contact.privacyDeletion erases the contact; a late change about it does not make it again', async () => {
    const s = await setup();
    const gone = { propertyName: undefined, propertyValue: undefined };
    await deliver([event({ ...gone, subscriptionType: 'contact.privacyDeletion', occurredAt: at(-10) })]);
    await s.apply();
    expect(await ctx.handle.db.select().from(contacts).where(eq(contacts.externalId, '501'))).toHaveLength(0);
    await deliver([event({ propertyName: 'email', propertyValue: 'ann@example.com', occurredAt: at(-20) })]);
    await s.apply();
    const all = await ctx.handle.db.select().from(contacts);
    expect(all.filter((c) => c.email === 'ann@example.com' || c.externalId === '501')).toHaveLength(0);
    const late = (await stored(s.installationId)).find(
      (r) => r.subscriptionType === 'contact.propertyChange',
    );
    expect(late?.outcome).toBe('deleted');
  });

  it('contact.merge folds the merged contact into the kept one', async () => {
    const s = await setup();
    await upsertContact(
      ctx.handle.db,
      s.installationId,
      { email: 'ann2@example.com', externalId: '502' },
      ctx.clock.now(),
    );
    await deliver([
      event({
        subscriptionType: 'contact.merge',
        propertyName: undefined,
        propertyValue: undefined,
        primaryObjectId: 501,
        mergedObjectIds: [502],
        newObjectId: 501,
      }),
    ]);
    await s.apply();
    const [merged] = await ctx.handle.db.select().from(contacts).where(eq(contacts.externalId, '502'));
    expect(merged?.deletedAt).not.toBeNull();
    expect((await stored(s.installationId))[0]?.outcome).toBe('applied');
  });
});
