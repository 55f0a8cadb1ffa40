import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webhookHeaders } from '../../connectors/hubspot/fake/signer';
import { crmWebhookEvents } from '../../src/db/schema';
import { createInstallation } from '../../src/services/installations';
import { useTestContext } from '../helpers/context';

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
