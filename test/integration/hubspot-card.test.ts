import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signV3 } from '../../connectors/hubspot/signature';
import { parseCardData } from '../../manifest/hubspot/src/app/cards/card-data';
import { enrollmentEvents, enrollments } from '../../src/db/schema';
import { createApiKey, createInstallation } from '../../src/services/installations';
import { useTestContext } from '../helpers/context';
import { apiFor, publishedSequence } from '../helpers/fixtures';
import { publishedModel, recordEvent } from '../helpers/scoring';

const SECRET = 'hubspot-client-secret';
const ctx = useTestContext({ env: { HUBSPOT_CLIENT_SECRET: SECRET } });
const DAY = 24 * 60 * 60 * 1000;

const model = {
  name: 'Inbound',
  halfLifeDays: null,
  rules: [{ id: 'clicked', label: 'Clicked a link', kind: 'event', event: 'email_clicked', points: 10 }],
  thresholds: [
    { id: 'warm', label: 'Warm', score: 15, hysteresis: 0, direction: 'up', actions: [] },
    { id: 'mql', label: 'MQL', score: 50, hysteresis: 0, direction: 'up', actions: [] },
  ],
};

/** A HubSpot portal (hub id 123) with a scored contact (record 501) enrolled in a two-step sequence. */
async function portal(hubId = '123') {
  const installation = await createInstallation(ctx.handle.db, {
    name: 'Acme',
    crm: 'hubspot',
    externalId: hubId,
  });
  const { key } = await createApiKey(ctx.handle.db, {
    installationId: installation.id,
    name: 't',
    role: 'admin',
  });
  const api = apiFor(ctx, key);
  await publishedModel(api, model);
  const contact = await api.post('/v1/contacts', {
    email: 'ada@example.com',
    firstName: 'Ada',
    externalId: '501',
    timeZone: 'America/New_York',
  });
  const { sequenceId } = await publishedSequence(api, [
    { key: 'first', subject: 'Hello', delay: { amount: 2, unit: 'days' } },
    { key: 'second', subject: 'Again' },
  ]);
  const enrolled = await api.post('/v1/enrollments', { sequenceId, contactId: contact.body.id });
  expect(enrolled.status).toBe(201);
  const now = ctx.clock.now().getTime();
  for (const at of [now - 10 * DAY, now - 2 * DAY, now - DAY]) {
    await recordEvent(ctx, {
      installationId: installation.id,
      contactId: contact.body.id,
      type: 'clicked',
      at: new Date(at),
    });
  }
  return {
    api,
    installationId: installation.id,
    contactId: contact.body.id as string,
    enrollmentId: enrolled.body.enrollment.id as string,
  };
}

/** A call as hubspot.fetch makes it: signed v3 over the public URL, timestamp in ms. */
async function card(
  method: 'GET' | 'POST',
  query: string,
  body?: unknown,
  o: { secret?: string; timestamp?: number; sentQuery?: string } = {},
) {
  const path = `/hubspot/card${method === 'POST' ? '/actions' : ''}?${query}`;
  const rawBody = body === undefined ? '' : JSON.stringify(body);
  const ts = o.timestamp ?? ctx.clock.now().getTime();
  const signature = await signV3(
    o.secret ?? SECRET,
    { method, uri: `http://tandem.test${path}`, rawBody },
    ts,
  );
  const sentPath = o.sentQuery ? path.replace(query, o.sentQuery) : path;
  const res = await ctx.app.request(sentPath, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': String(ts),
    },
    ...(method === 'POST' ? { body: rawBody } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function statusOf(id: string) {
  const [row] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, id));
  return row?.status;
}

describe('GET /hubspot/card', () => {
  it('happy: a signed request gets score, band, trend, reasons and each live enrollment with when and why', async () => {
    const { enrollmentId } = await portal();
    const res = await card('GET', 'portalId=123&objectId=501&appId=42');
    expect(res.status).toBe(200);
    expect(parseCardData(res.body)).not.toBeNull(); // the card's own reader accepts the route's answer
    expect(res.body.contact).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
    expect(res.body.score).toMatchObject({
      value: 30,
      band: { id: 'warm', label: 'Warm' },
      next: { label: 'MQL', score: 50 },
      trend: { delta: 20, days: 7, direction: 'up' },
    });
    expect(res.body.score.reasons[0]).toContain('Clicked a link');
    expect(res.body.enrollments).toHaveLength(1);
    const [e] = res.body.enrollments;
    expect(e).toMatchObject({
      id: enrollmentId,
      status: 'active',
      stepKey: 'first',
      stepNumber: 1,
      stepCount: 2,
    });
    expect(e.actions).toEqual(['pause', 'unenroll']);
    expect(e.timeZone).toBe('America/New_York');
    expect(new Date(e.nextStepAt).getTime()).toBeGreaterThan(ctx.clock.now().getTime());
    expect(e.local).toBe('Wed 4 Mar 2026, 09:00');
    expect(e.why).toEqual(['Waits 2 days after enrolling.', 'Planned in America/New_York (from the CRM).']);
  });

  it('happy: an unknown contact or portal is a 200 empty state the card renders', async () => {
    await portal();
    const unknown = await card('GET', 'portalId=123&objectId=999');
    expect(unknown).toMatchObject({ status: 200, body: { status: 'unknown_contact' } });
    expect(parseCardData(unknown.body)).toMatchObject({ status: 'unknown_contact' });
    const noPortal = await card('GET', 'portalId=777&objectId=501');
    expect(noPortal).toMatchObject({ status: 200, body: { status: 'not_installed' } });
  });

  it('security: forged, stale, unsigned and altered requests are 401 and reveal nothing', async () => {
    await portal();
    const forged = await card('GET', 'portalId=123&objectId=501', undefined, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(forged.body.contact).toBeUndefined();
    const stale = await card('GET', 'portalId=123&objectId=501', undefined, {
      timestamp: ctx.clock.now().getTime() - 6 * 60 * 1000,
    });
    expect(stale.status).toBe(401);
    const altered = await card('GET', 'portalId=123&objectId=501', undefined, {
      sentQuery: 'portalId=123&objectId=502',
    });
    expect(altered.status).toBe(401);
    const unsigned = await ctx.app.request('/hubspot/card?portalId=123&objectId=501');
    expect(unsigned.status).toBe(401);
  });

  it('error: a signed request without numeric ids, or with two portal ids, is 400', async () => {
    expect((await card('GET', 'portalId=abc&objectId=501')).status).toBe(400);
    expect((await card('GET', 'objectId=501')).status).toBe(400);
    expect((await card('GET', 'portalId=123&portalId=124&objectId=501')).status).toBe(400);
  });
});

describe('POST /hubspot/card/actions', () => {
  it('happy: pause, resume and unenroll go through the enrollment services and answer the fresh card', async () => {
    const { enrollmentId } = await portal();
    const paused = await card('POST', 'portalId=123&objectId=501', { action: 'pause', enrollmentId });
    expect(paused.status).toBe(200);
    expect(paused.body.enrollments[0]).toMatchObject({ status: 'paused', actions: ['resume', 'unenroll'] });
    expect(paused.body.enrollments[0].why).toEqual(['Paused by a person.']);
    expect(await statusOf(enrollmentId)).toBe('paused');

    const resumed = await card('POST', 'portalId=123&objectId=501', { action: 'resume', enrollmentId });
    expect(resumed.body.enrollments[0]).toMatchObject({ status: 'active' });
    expect(resumed.body.enrollments[0].why).toContain('Re-planned when the enrollment resumed.');

    const gone = await card('POST', 'portalId=123&objectId=501', { action: 'unenroll', enrollmentId });
    expect(gone.body.enrollments).toEqual([]);
    expect(await statusOf(enrollmentId)).toBe('removed');
    const trail = await ctx.handle.db
      .select()
      .from(enrollmentEvents)
      .where(eq(enrollmentEvents.enrollmentId, enrollmentId));
    expect(trail.filter((t) => t.actor === 'hubspot_card').map((t) => t.type)).toEqual([
      'paused',
      'resumed',
      'exited',
    ]);
  });

  it("error: a finished enrollment is 409; another contact's or portal's enrollment is 404; bad bodies 400", async () => {
    const { api, enrollmentId } = await portal();
    expect((await api.post('/v1/contacts', { email: 'bob@example.com', externalId: '502' })).status).toBe(
      200,
    );
    await card('POST', 'portalId=123&objectId=501', { action: 'unenroll', enrollmentId });
    const again = await card('POST', 'portalId=123&objectId=501', { action: 'pause', enrollmentId });
    expect(again.status).toBe(409);
    // Same portal, another contact's record: the card on 502 cannot touch 501's enrollment.
    const onOther = await card('POST', 'portalId=123&objectId=502', { action: 'pause', enrollmentId });
    expect(onOther.status).toBe(404);
    const other = await portal('456');
    const cross = await card('POST', 'portalId=123&objectId=501', {
      action: 'pause',
      enrollmentId: other.enrollmentId,
    });
    expect(cross.status).toBe(404);
    expect(await statusOf(other.enrollmentId)).toBe('active');
    expect((await card('POST', 'portalId=123&objectId=501', { action: 'delete', enrollmentId })).status).toBe(
      400,
    );
  });

  it('security: a forged or altered action changes nothing', async () => {
    const { enrollmentId } = await portal();
    const forged = await card(
      'POST',
      'portalId=123&objectId=501',
      { action: 'unenroll', enrollmentId },
      { secret: 'x' },
    );
    expect(forged.status).toBe(401);
    expect(await statusOf(enrollmentId)).toBe('active');
  });
});
