import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enrollmentEvents, enrollments } from '../../src/db/schema';
import { createApiKey, createInstallation } from '../../src/services/installations';
import { issueCalloutSecret } from '../../src/services/salesforce/callout-secret';
import { useTestContext } from '../helpers/context';
import { apiFor, publishedSequence } from '../helpers/fixtures';
import { publishedModel, recordEvent } from '../helpers/scoring';

const ctx = useTestContext();
const DAY = 24 * 60 * 60 * 1000;
const ORG = '00D5g000004OrgAEAS';
const OTHER_ORG = '00D5g000009ZzzzEAC';
const LEAD15 = '00Q5g00000AbCdE';
const LEAD = '00Q5g00000AbCdEEAV'; // the 18-character form, as the API and Apex give it
const OTHER_LEAD = '00Q5g00000OtherEAB';

const model = {
  name: 'Inbound',
  halfLifeDays: null,
  rules: [{ id: 'clicked', label: 'Clicked a link', kind: 'event', event: 'email_clicked', points: 10 }],
  thresholds: [
    { id: 'warm', label: 'Warm', score: 15, hysteresis: 0, direction: 'up', actions: [] },
    { id: 'mql', label: 'MQL', score: 50, hysteresis: 0, direction: 'up', actions: [] },
  ],
};

/** An installed org with a scored Lead enrolled in a two-step sequence, and another synced Lead. */
async function org(externalId = ORG) {
  const installation = await createInstallation(ctx.handle.db, {
    name: 'Acme',
    crm: 'salesforce',
    externalId,
  });
  const secret = await issueCalloutSecret(ctx.deps, ctx.handle.db, installation.id);
  const { key } = await createApiKey(ctx.handle.db, {
    installationId: installation.id,
    name: 't',
    role: 'admin',
  });
  const api = apiFor(ctx, key);
  await publishedModel(api, model);
  const lead = await api.post('/v1/contacts', {
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    externalId: LEAD,
    timeZone: 'America/New_York',
  });
  await api.post('/v1/contacts', { email: 'bob@example.com', externalId: OTHER_LEAD });
  const { sequenceId } = await publishedSequence(api, [
    { key: 'first', subject: 'Hello', delay: { amount: 2, unit: 'days' } },
    { key: 'second', subject: 'Again' },
  ]);
  const enrolled = await api.post('/v1/enrollments', { sequenceId, contactId: lead.body.id });
  expect(enrolled.status).toBe(201);
  const now = ctx.clock.now().getTime();
  for (const at of [now - 10 * DAY, now - 2 * DAY, now - DAY]) {
    await recordEvent(ctx, {
      installationId: installation.id,
      contactId: lead.body.id,
      type: 'clicked',
      at: new Date(at),
    });
  }
  return { secret, enrollmentId: enrolled.body.enrollment.id as string };
}

type Auth = { secret: string; org?: string; mode?: 'secret' | 'signature'; t?: number };

/** The card's Apex through the Named Credential: org id plus the secret, or an HMAC over t + "." + body. */
async function card(method: 'GET' | 'POST', query: string, body: unknown, auth: Auth) {
  const rawBody = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-tandem-org': auth.org ?? ORG,
  };
  if ((auth.mode ?? 'signature') === 'secret') headers['x-tandem-secret'] = auth.secret;
  else {
    const t = auth.t ?? Math.floor(ctx.clock.now().getTime() / 1000);
    const enc = new TextEncoder();
    const key = await crypto.subtle.importKey(
      'raw',
      enc.encode(auth.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(`${t}.${rawBody}`)));
    headers['x-tandem-signature'] = `t=${t},v1=${Buffer.from(mac).toString('hex')}`;
  }
  const path = method === 'GET' ? `/salesforce/card?${query}` : '/salesforce/card/actions';
  const res = await ctx.app.request(path, {
    method,
    headers,
    ...(method === 'POST' ? { body: rawBody } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function statusOf(id: string) {
  const [row] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, id));
  return row?.status;
}

describe('GET /salesforce/card', () => {
  it('happy: a scored, enrolled Lead gets score, band, trend, reasons and each live enrollment with when and why', async () => {
    const { secret, enrollmentId } = await org();
    const res = await card('GET', `recordId=${LEAD15}`, undefined, { secret });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.contact).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(res.body.score).toMatchObject({
      value: 30,
      band: { id: 'warm', label: 'Warm' },
      next: { label: 'MQL', score: 50 },
      trend: { delta: 20, days: 7, direction: 'up' },
    });
    expect(res.body.score.reasons[0]).toContain('Clicked a link');
    expect(res.body.enrollments).toHaveLength(1);
    expect(res.body.enrollments[0]).toMatchObject({
      id: enrollmentId,
      status: 'active',
      stepKey: 'first',
      stepNumber: 1,
      stepCount: 2,
      actions: ['pause', 'unenroll'],
      timeZone: 'America/New_York',
      local: 'Wed 4 Mar 2026, 09:00',
    });
    const bySecret = await card('GET', `recordId=${LEAD}`, undefined, { secret, mode: 'secret' });
    expect(bySecret.body.contact).toEqual(res.body.contact);
  });

  it('happy: an unknown record or an org without Tandem is a 200 empty state the card renders', async () => {
    const { secret } = await org();
    const unknown = await card('GET', `recordId=${'00Q5g00000NoPe1EAF'}`, undefined, {
      secret,
    });
    expect(unknown).toMatchObject({ status: 200, body: { status: 'unknown_contact' } });
    const noOrg = await card('GET', `recordId=${LEAD}`, undefined, { secret, org: OTHER_ORG });
    expect(noOrg).toMatchObject({ status: 200, body: { status: 'not_installed' } });
    expect(noOrg.body.contact).toBeUndefined();
  });

  it('error: a missing or malformed recordId is 400', async () => {
    const { secret } = await org();
    expect((await card('GET', '', undefined, { secret })).status).toBe(400);
    expect((await card('GET', 'recordId=nope', undefined, { secret })).status).toBe(400);
  });

  it("security: a wrong or stale proof, or another org's secret, is 401 and reveals nothing", async () => {
    const { secret } = await org();
    const theirs = await org(OTHER_ORG);
    const stale = Math.floor(ctx.clock.now().getTime() / 1000) - 301;
    const attempts = [
      await card('GET', `recordId=${LEAD}`, undefined, { secret: 'tcs_wrong' }),
      await card('GET', `recordId=${LEAD}`, undefined, { secret, t: stale }),
      await card('GET', `recordId=${LEAD}`, undefined, { secret: theirs.secret, mode: 'secret' }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401]);
    for (const a of attempts) expect(a.body.contact).toBeUndefined();
    expect((await ctx.app.request(`/salesforce/card?recordId=${LEAD}`)).status).toBe(401);
  });
});

describe('POST /salesforce/card/actions', () => {
  it('happy: both card routes and both Flow actions are in the OpenAPI document', async () => {
    const doc = (await (await ctx.app.request('/openapi.json')).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths['/salesforce/card'] ?? {})).toEqual(['get']);
    expect(Object.keys(doc.paths['/salesforce/card/actions'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/salesforce/actions/enroll'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/salesforce/actions/unenroll'] ?? {})).toEqual(['post']);
  });

  it('happy: pause, resume and unenroll go through the enrollment services and answer the fresh card', async () => {
    const { secret, enrollmentId } = await org();
    const act = (action: string) => card('POST', '', { recordId: LEAD, action, enrollmentId }, { secret });
    const paused = await act('pause');
    expect(paused.status).toBe(200);
    expect(paused.body.enrollments[0]).toMatchObject({ status: 'paused', actions: ['resume', 'unenroll'] });
    expect(await statusOf(enrollmentId)).toBe('paused');
    const resumed = await act('resume');
    expect(resumed.body.enrollments[0]).toMatchObject({ status: 'active' });
    const gone = await act('unenroll');
    expect(gone.body.enrollments).toEqual([]);
    expect(await statusOf(enrollmentId)).toBe('removed');
    const trail = await ctx.handle.db
      .select()
      .from(enrollmentEvents)
      .where(eq(enrollmentEvents.enrollmentId, enrollmentId));
    expect(trail.filter((t) => t.actor === 'salesforce_card').map((t) => t.type)).toEqual([
      'paused',
      'resumed',
      'exited',
    ]);
  });

  it("error: another record's or org's enrollment is 404, a finished one 409, bad bodies 400", async () => {
    const { secret, enrollmentId } = await org();
    const theirs = await org(OTHER_ORG);
    const onOther = await card(
      'POST',
      '',
      { recordId: OTHER_LEAD, action: 'pause', enrollmentId },
      { secret },
    );
    expect(onOther.status).toBe(404);
    const cross = await card(
      'POST',
      '',
      { recordId: LEAD, action: 'pause', enrollmentId: theirs.enrollmentId },
      { secret },
    );
    expect(cross.status).toBe(404);
    expect(await statusOf(theirs.enrollmentId)).toBe('active');
    await card('POST', '', { recordId: LEAD, action: 'unenroll', enrollmentId }, { secret });
    const again = await card('POST', '', { recordId: LEAD, action: 'pause', enrollmentId }, { secret });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');
    for (const body of [
      { recordId: LEAD, action: 'delete', enrollmentId },
      { recordId: 'nope', action: 'pause', enrollmentId },
      { action: 'pause', enrollmentId },
    ])
      expect((await card('POST', '', body, { secret })).status).toBe(400);
  });

  it('security: a forged, altered or replayed action changes nothing', async () => {
    const { secret, enrollmentId } = await org();
    const body = { recordId: LEAD, action: 'unenroll', enrollmentId };
    const stale = Math.floor(ctx.clock.now().getTime() / 1000) - 301;
    expect((await card('POST', '', body, { secret: 'tcs_wrong' })).status).toBe(401);
    expect((await card('POST', '', body, { secret, t: stale })).status).toBe(401);
    expect((await card('POST', '', body, { secret, org: OTHER_ORG })).status).toBe(401);
    expect(await statusOf(enrollmentId)).toBe('active');
  });
});
