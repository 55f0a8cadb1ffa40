import { and, eq } from 'drizzle-orm';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { optedOutOfAll } from '../../connectors/hubspot/fake/engagement';
import { createFakeHubSpot, type FakeHubSpot } from '../../connectors/hubspot/fake/index';
import { contacts, crmOutbox, crmWrites, installations } from '../../src/db/schema';
import { newId } from '../../src/lib/ids';
import { drainOutbox } from '../../src/services/hubspot/outbox-drain';
import { outboxTick } from '../../src/services/hubspot/outbox-tick';
import { requestToken } from '../../src/services/hubspot/token-http';
import { writeTokens } from '../../src/services/hubspot/token-store';
import { createInstallation } from '../../src/services/installations';
import { useTestContext } from '../helpers/context';

const BASE = 'https://fake.hubapi.test';
const ctx = useTestContext({
  env: {
    HUBSPOT_CLIENT_ID: 'cid',
    HUBSPOT_CLIENT_SECRET: 'sec',
    HUBSPOT_APP_ID: '7',
    HUBSPOT_API_BASE_URL: BASE,
    HUBSPOT_AUTH_BASE_URL: BASE,
  },
});

/** Every answered request with its JSON body, so the test sees what HubSpot accepted and when. */
type Seen = { method: string; path: string; status: number; body: Record<string, unknown> | null };
let fake: FakeHubSpot;
let seen: Seen[] = [];
const server = setupServer(
  http.all(`${BASE}/*`, async ({ request }) => {
    const text = await request.clone().text();
    const res = await fake.fetch(request);
    let body: Record<string, unknown> | null = null;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {}
    seen.push({ method: request.method, path: new URL(request.url).pathname, status: res.status, body });
    return new HttpResponse(res.body, { status: res.status, headers: res.headers });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

beforeEach(() => {
  seen = [];
  fake = createFakeHubSpot({
    clientId: 'cid',
    clientSecret: 'sec',
    appId: 7,
    portalId: 42,
    clock: { now: () => ctx.clock.now().getTime() },
  });
});

const MIN = 60_000;
/** Backoff sleeps move the injected clock instead of waiting. */
const options = {
  sleep: async (ms: number) => ctx.clock.advance(ms),
  random: () => 0.5,
};

/** A connected HubSpot installation (tokens from the fake's OAuth) and `n` contacts known to both sides. */
async function portal(n: number) {
  const answer = await requestToken(ctx.deps, {
    grant_type: 'authorization_code',
    code: fake.issueCode(['oauth', 'crm.objects.contacts.write']),
    redirect_uri: 'http://tandem.test/oauth/hubspot/callback',
  });
  if (!answer.ok) throw new Error(answer.message);
  const inst = await createInstallation(ctx.deps.db, { name: 'p42', crm: 'hubspot', externalId: '42' });
  const creds = {
    accessToken: answer.grant.accessToken,
    refreshToken: answer.grant.refreshToken ?? '',
    hubId: 42,
    scopes: ['oauth'],
  };
  // We believe the token lives 3 h; HubSpot (the fake) expires it after 30 min, so the first call
  // after the outage meets a 401 and refreshes once: the outage's 429s reach the API calls themselves.
  const expiresAt = new Date(ctx.clock.now().getTime() + 3 * 3600_000);
  await writeTokens(ctx.deps, ctx.deps.db, inst.id, creds, expiresAt);
  const { contactIds } = fake.seed({ contacts: n });
  const people = contactIds.map((externalId, i) => ({
    id: newId('con'),
    installationId: inst.id,
    externalId,
    email: `contact-${i + 1}@example.test`,
  }));
  if (people.length > 0) await ctx.deps.db.insert(contacts).values(people);
  return { id: inst.id, people };
}

let order = 0;
async function queue(
  installationId: string,
  contactId: string | null,
  kind: 'task' | 'property_update' | 'opt_out' | 'timeline_event',
  payload: Record<string, unknown>,
) {
  order += 1;
  const id = newId('act');
  await ctx.deps.db.insert(crmOutbox).values({
    id,
    installationId,
    contactId,
    kind,
    payload,
    idempotencyKey: `test:${id}`,
    // Distinct creation times, in the order the test queues them.
    createdAt: new Date(ctx.clock.now().getTime() + order),
  });
  return id;
}

const rowsOf = (installationId: string) =>
  ctx.deps.db.select().from(crmOutbox).where(eq(crmOutbox.installationId, installationId));

type Input = { id?: string; properties: Record<string, string>; associations?: { to: { id: string } }[] };

/** What HubSpot accepted, per contact, in the order it accepted it: `p:<prop>=<value>` and `t:<subject>`. */
function accepted(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string, label: string) => out.set(id, [...(out.get(id) ?? []), label]);
  for (const s of seen) {
    if (s.status >= 300 || !s.body) continue;
    const inputs = (s.body.inputs ?? []) as Input[];
    if (s.path === '/crm/v3/objects/contacts/batch/update') {
      for (const i of inputs)
        for (const [k, v] of Object.entries(i.properties)) add(i.id ?? '', `p:${k}=${v}`);
    }
    if (s.path === '/crm/v3/objects/tasks/batch/create') {
      for (const i of inputs) add(i.associations?.[0]?.to.id ?? '', `t:${i.properties.hs_task_subject}`);
    }
  }
  return out;
}
const batchCalls = (path: string) => seen.filter((s) => s.path === path && s.status < 300).length;

describe('outbox drain', () => {
  it('batches property updates 100 contacts per call: ceil(n/100) calls, merged per contact', async () => {
    const { id, people } = await portal(250);
    for (const p of people) await queue(id, p.id, 'property_update', { property: 'tandem_score', value: 40 });
    for (const p of people) await queue(id, p.id, 'property_update', { properties: { tandem_band: 'warm' } });
    const report = await drainOutbox(ctx.deps, id, options);
    expect(report).toMatchObject({ status: 'drained', done: 500, failed: 0, retrying: 0 });
    expect(batchCalls('/crm/v3/objects/contacts/batch/update')).toBe(3);
    const one = fake.state.objects.get('contacts')?.get(people[7]?.externalId ?? '');
    expect(one?.properties).toMatchObject({ tandem_score: '40', tandem_band: 'warm' });
    const echo = await ctx.deps.db
      .select()
      .from(crmWrites)
      .where(and(eq(crmWrites.installationId, id), eq(crmWrites.objectId, people[7]?.externalId ?? '')));
    expect(Object.fromEntries(echo.map((e) => [e.property, e.value]))).toEqual({
      tandem_score: '40',
      tandem_band: 'warm',
    });
  });

  it('writes tasks (associated, due, owner), lifecycle names, opt-outs and timeline events', async () => {
    const { id, people } = await portal(2);
    const [a, b] = people;
    if (!a || !b) throw new Error('seed');
    await queue(id, a.id, 'task', {
      subject: 'Call',
      body: 'Score 80',
      ownerId: '101',
      dueAt: '2026-03-03T09:00:00.000Z',
    });
    await queue(id, a.id, 'property_update', {
      property: 'lifecycle_stage',
      value: 'marketingqualifiedlead',
    });
    await ctx.deps.db.update(contacts).set({ ownerId: '102' }).where(eq(contacts.id, b.id));
    await queue(id, b.id, 'task', { subject: 'Follow up', body: null, dueAt: '2026-03-04T09:00:00.000Z' });
    await queue(id, b.id, 'opt_out', { email: b.email, reason: 'unsubscribe_page' });
    await queue(id, b.id, 'timeline_event', {
      eventTemplateId: 'tpl-1',
      tokens: { subject: 'Hello', why: 'weekday 9:00' },
    });
    const report = await drainOutbox(ctx.deps, id, options);
    expect(report).toMatchObject({ done: 5, failed: 0 });
    const tasks = [...(fake.state.objects.get('tasks')?.values() ?? [])];
    expect(tasks.map((t) => t.properties)).toEqual([
      expect.objectContaining({
        hs_task_subject: 'Call',
        hs_task_body: 'Score 80',
        hubspot_owner_id: '101',
        hs_timestamp: '2026-03-03T09:00:00.000Z',
      }),
      expect.objectContaining({ hs_task_subject: 'Follow up', hubspot_owner_id: '102' }),
    ]);
    expect(fake.state.associations).toContainEqual(
      expect.objectContaining({ from: `tasks:${tasks[0]?.id}`, typeId: 204 }),
    );
    const row = (await rowsOf(id)).find((r) => r.payload.subject === 'Call');
    expect(row?.result).toEqual({ externalId: tasks[0]?.id });
    expect(fake.state.objects.get('contacts')?.get(a.externalId)?.properties.lifecyclestage).toBe(
      'marketingqualifiedlead',
    );
    expect(optedOutOfAll(fake.state).has(b.email)).toBe(true);
    expect(fake.state.timelineEvents).toEqual([
      expect.objectContaining({ eventTemplateId: 'tpl-1', objectId: b.externalId }),
    ]);
  });

  it('a write HubSpot refuses fails alone; the rest of its batch goes through', async () => {
    const { id, people } = await portal(3);
    for (const p of people) await queue(id, p.id, 'property_update', { property: 'tandem_score', value: 1 });
    fake.state.objects.get('contacts')?.delete(people[1]?.externalId ?? '');
    const report = await drainOutbox(ctx.deps, id, options);
    expect(report).toMatchObject({ done: 2, failed: 1 });
    const failed = (await rowsOf(id)).filter((r) => r.status === 'failed');
    expect(failed).toEqual([
      expect.objectContaining({ contactId: people[1]?.id, lastError: expect.stringContaining('not_found') }),
    ]);
  });

  it('skips a disconnected installation and keeps its rows', async () => {
    const { id, people } = await portal(1);
    await queue(id, people[0]?.id ?? null, 'property_update', { property: 'tandem_score', value: 1 });
    await ctx.deps.db
      .update(installations)
      .set({ connectionStatus: 'disconnected' })
      .where(eq(installations.id, id));
    expect((await drainOutbox(ctx.deps, id, options)).status).toBe('skipped');
    expect((await rowsOf(id)).map((r) => r.status)).toEqual(['pending']);
    expect(seen.filter((s) => s.path.startsWith('/crm'))).toHaveLength(0);
  });

  it('one drain per installation at a time; the other answers busy and sends nothing', async () => {
    const { id, people } = await portal(2);
    for (const p of people) await queue(id, p.id, 'property_update', { property: 'tandem_score', value: 5 });
    const [a, b] = await Promise.all([
      drainOutbox(ctx.deps, id, options),
      drainOutbox(ctx.deps, id, options),
    ]);
    expect([a.status, b.status].sort()).toEqual(['busy', 'drained']);
    expect(batchCalls('/crm/v3/objects/contacts/batch/update')).toBe(1);
  });

  it('the tick queues one drain per connected installation with a write due', async () => {
    const { id, people } = await portal(2);
    const [a, b] = people;
    await queue(id, a?.id ?? null, 'property_update', { property: 'tandem_score', value: 5 });
    const other = await createInstallation(ctx.deps.db, { name: 'gone', crm: 'hubspot', externalId: '43' });
    await ctx.deps.db
      .update(installations)
      .set({ connectionStatus: 'disconnected' })
      .where(eq(installations.id, other.id));
    await queue(other.id, null, 'opt_out', { email: b?.email });
    expect(await outboxTick(ctx.deps)).toBe(1);
    expect(await outboxTick(ctx.deps)).toBe(1); // the second tick collapses into the queued drain
    const jobs = await ctx.boss.findJobs('hubspot.drainOutbox', { data: { installationId: id } });
    expect(jobs).toHaveLength(1);
    expect(
      await ctx.boss.findJobs('hubspot.drainOutbox', { data: { installationId: other.id } }),
    ).toHaveLength(0);
  });

  it('an hour of 503 then 429 loses no write and keeps every contact in order', async () => {
    const { id, people } = await portal(150);
    const start = ctx.clock.now().getTime();
    fake.outage({ status: 503, until: start + 30 * MIN });
    const expected = new Map<string, string[]>();
    const expect_ = (externalId: string, label: string) =>
      expected.set(externalId, [...(expected.get(externalId) ?? []), label]);
    // Per contact: a score, a task, then (queued during the outage) a step and a second task.
    for (const p of people) {
      await queue(id, p.id, 'property_update', { property: 'tandem_score', value: 10 });
      expect_(p.externalId, 'p:tandem_score=10');
      await queue(id, p.id, 'task', {
        subject: `first ${p.externalId}`,
        body: null,
        dueAt: '2026-03-02T15:00:00.000Z',
      });
      expect_(p.externalId, `t:first ${p.externalId}`);
    }
    let phase: 503 | 429 | 'up' = 503;
    let queuedLater = false;
    for (let round = 0; round < 200; round++) {
      const now = ctx.clock.now().getTime();
      if (phase === 503 && now >= start + 30 * MIN) {
        phase = 429;
        fake.outage({ status: 429, until: start + 60 * MIN, retryAfterSeconds: 1 });
      }
      if (phase === 429 && now >= start + 60 * MIN) phase = 'up';
      if (!queuedLater && now >= start + 10 * MIN) {
        queuedLater = true;
        for (const p of people) {
          await queue(id, p.id, 'property_update', { property: 'tandem_last_step', value: 'step-2' });
          expect_(p.externalId, 'p:tandem_last_step=step-2');
          await queue(id, p.id, 'task', {
            subject: `second ${p.externalId}`,
            body: 'b',
            dueAt: '2026-03-02T16:00:00.000Z',
          });
          expect_(p.externalId, `t:second ${p.externalId}`);
        }
      }
      await drainOutbox(ctx.deps, id, { ...options, maxAttempts: 2 });
      const rows = await rowsOf(id);
      if (queuedLater && rows.every((r) => r.status !== 'pending')) break;
      // On to the next row due (at most a minute on, so the outage phases switch on time).
      const waits = rows.flatMap((r) =>
        r.status === 'pending' && r.nextAttemptAt ? [r.nextAttemptAt.getTime()] : [],
      );
      const next = Math.min(...waits, ctx.clock.now().getTime() + MIN);
      ctx.clock.set(new Date(Math.max(next, ctx.clock.now().getTime() + 1)));
    }
    const rows = await rowsOf(id);
    expect(rows).toHaveLength(600);
    expect(rows.filter((r) => r.status !== 'done')).toEqual([]);
    expect(ctx.clock.now().getTime()).toBeGreaterThanOrEqual(start + 60 * MIN);
    expect(seen.some((s) => s.status === 503)).toBe(true);
    expect(seen.some((s) => s.status === 429)).toBe(true);
    // Nothing lost, nothing doubled, nothing out of order.
    expect(Object.fromEntries(accepted())).toEqual(Object.fromEntries(expected));
    expect(fake.state.objects.get('tasks')?.size).toBe(300);
    const c = fake.state.objects.get('contacts')?.get(people[0]?.externalId ?? '');
    expect(c?.properties).toMatchObject({ tandem_score: '10', tandem_last_step: 'step-2' });
  });
});
