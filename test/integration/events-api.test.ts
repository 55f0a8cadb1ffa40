import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { engagementEvents } from '../../src/db/schema';
import { useTestContext } from '../helpers/context';
import { type Api, drainJobs, newInstallation } from '../helpers/fixtures';
import { drainScoring, publishedModel, storedScore } from '../helpers/scoring';

const ctx = useTestContext();

async function contact(api: Api, email: string) {
  const res = await api.post('/v1/contacts', { email, externalId: `crm-${email}` });
  expect(res.status).toBe(200);
  return res.body.id as string;
}

const event = (extra: Record<string, unknown> = {}) => ({
  id: 'evt-1',
  type: 'form_submitted',
  contact: { email: 'a@example.com' },
  occurredAt: ctx.clock.now().toISOString(),
  properties: { formId: 'demo-request', pagePath: '/demo' },
  ...extra,
});

async function storedEvents(contactId: string) {
  return ctx.handle.db.select().from(engagementEvents).where(eq(engagementEvents.contactId, contactId));
}

describe('POST /v1/events', () => {
  it('happy: stores once by event id; a repeat is 200 duplicate; the contact may be named three ways', async () => {
    const { api } = await newInstallation(ctx);
    const id = await contact(api, 'a@example.com');
    const first = await api.post('/v1/events', event());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      event: { eventId: 'evt-1', type: 'form_submitted', contactId: id },
      duplicate: false,
    });
    const again = await api.post('/v1/events', event());
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ event: { id: first.body.event.id }, duplicate: true });
    const byId = await api.post('/v1/events', event({ id: 'evt-2', type: 'page_visited', contact: { id } }));
    expect(byId.status).toBe(201);
    const byExt = await api.post(
      '/v1/events',
      event({ id: 'evt-3', contact: { externalId: 'crm-a@example.com' } }),
    );
    expect(byExt.status).toBe(201);
    const rows = await storedEvents(id);
    expect(rows.map((r) => r.type).sort()).toEqual(['form_submitted', 'form_submitted', 'visited']);
  });

  it('error: a different body under a used id is 409 event_id_conflict; unknown contact 404; bad input 400', async () => {
    const { api } = await newInstallation(ctx);
    await contact(api, 'a@example.com');
    expect((await api.post('/v1/events', event())).status).toBe(201);
    const conflict = await api.post('/v1/events', event({ properties: { formId: 'other' } }));
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('event_id_conflict');
    const unknown = await api.post(
      '/v1/events',
      event({ id: 'evt-9', contact: { email: 'nobody@example.com' } }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('contact_not_found');
    const future = new Date(ctx.clock.now().getTime() + 10 * 60_000).toISOString();
    for (const bad of [
      event({ type: 'clicked' }),
      event({ id: '' }),
      event({ id: 'x'.repeat(201) }),
      event({ occurredAt: future }),
      event({ occurredAt: 'yesterday' }),
      event({ contact: { email: 'a@example.com', id: 'con_x' } }),
      event({ properties: { blob: 'x'.repeat(5000) } }),
    ]) {
      const res = await api.post('/v1/events', bad);
      expect(res.status, JSON.stringify(bad).slice(0, 120)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('security: no key is 401; another installation cannot reach this contact', async () => {
    const a = await newInstallation(ctx, 'A');
    const b = await newInstallation(ctx, 'B');
    const id = await contact(a.api, 'a@example.com');
    const res = await ctx.app.request('/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event()),
    });
    expect(res.status).toBe(401);
    expect((await b.api.post('/v1/events', event({ contact: { id } }))).status).toBe(404);
    expect(await storedEvents(id)).toHaveLength(0);
  });

  it('the route is in the OpenAPI document', async () => {
    const doc = (await (await ctx.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/v1/events');
  });

  it('10 identical parallel posts store exactly one event', async () => {
    const { api } = await newInstallation(ctx);
    const id = await contact(api, 'a@example.com');
    const all = await Promise.all(Array.from({ length: 10 }, () => api.post('/v1/events', event())));
    expect(all.filter((r) => r.status === 201)).toHaveLength(1);
    expect(all.filter((r) => r.status === 200)).toHaveLength(9);
    expect(await storedEvents(id)).toHaveLength(1);
  });

  it('scoring reacts: a form_submitted event raises the score through the real-time job', async () => {
    const { api } = await newInstallation(ctx);
    await publishedModel(api, {
      name: 'Intent',
      halfLifeDays: null,
      rules: [{ id: 'form', label: 'Demo form', kind: 'event', event: 'form_submitted', points: 30 }],
      thresholds: [],
    });
    const id = await contact(api, 'a@example.com');
    await drainScoring(ctx);
    const before = (await storedScore(ctx, id))?.score ?? 0;
    expect((await api.post('/v1/events', event())).status).toBe(201);
    await drainScoring(ctx);
    expect((await storedScore(ctx, id))?.score).toBe(before + 30);
  });

  it('without occurredAt the time is now, and a repeat without one is still the same event', async () => {
    const { api } = await newInstallation(ctx);
    await contact(api, 'a@example.com');
    const { occurredAt: _, ...bare } = event();
    const first = await api.post('/v1/events', bare);
    expect(first.status).toBe(201);
    expect(first.body.event.occurredAt).toBe(ctx.clock.now().toISOString());
    ctx.clock.advance(60_000);
    expect((await api.post('/v1/events', bare)).status).toBe(200);
  });

  it('a branch on visited takes the yes path after a page_visited event', async () => {
    const { api } = await newInstallation(ctx);
    const yes = await api.post('/v1/templates', { name: 'y', subject: 'Yes', html: '<p>y</p>' });
    const no = await api.post('/v1/templates', { name: 'n', subject: 'No', html: '<p>n</p>' });
    const seq = await api.post('/v1/sequences', {
      name: 'Visitors',
      draft: {
        steps: [
          { key: 'pause', kind: 'wait', delay: { amount: 1, unit: 'days' } },
          {
            key: 'check',
            kind: 'branch',
            condition: { signal: 'visited', pagePath: '/pricing' },
            ifTrue: 'yes',
            ifFalse: 'no',
          },
          { key: 'yes', kind: 'email', templateId: yes.body.id, next: null },
          { key: 'no', kind: 'email', templateId: no.body.id },
        ],
      },
    });
    expect((await api.post(`/v1/sequences/${seq.body.id}/publish`)).status).toBe(201);
    await api.post('/v1/enrollments', { sequenceId: seq.body.id, contact: { email: 'a@example.com' } });
    const visit = event({ type: 'page_visited', properties: { url: 'https://acme.test/pricing' } });
    expect((await api.post('/v1/events', visit)).status).toBe(201);
    await drainJobs(ctx);
    expect(ctx.sink.messages.map((m) => m.subject)).toEqual(['Yes']);
  });
});
