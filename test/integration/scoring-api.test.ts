import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';
import { drainScoring, publishedModel, recordEvent } from '../helpers/scoring';

const ctx = useTestContext();

const draft = {
  name: 'Inbound',
  description: 'Leads from the website',
  halfLifeDays: 30,
  rules: [
    {
      id: 'clicked',
      label: 'Clicked a link',
      kind: 'event',
      event: 'email_clicked',
      points: 5,
      maxPoints: 15,
    },
    { id: 'demo', label: 'Booked a meeting', kind: 'event', event: 'meeting_booked', points: 40 },
    { id: 'unsub', label: 'Unsubscribed', kind: 'event', event: 'unsubscribed', points: -30, decay: false },
  ],
  thresholds: [
    {
      id: 'mql',
      label: 'MQL <script>alert(1)</script>',
      score: 50,
      hysteresis: 10,
      direction: 'up',
      actions: [{ type: 'crm_task', subject: 'Call this lead', dueInDays: 1 }],
    },
  ],
};

async function raw(key: string, path: string, headers: Record<string, string> = {}) {
  return ctx.app.request(path, { headers: { authorization: `Bearer ${key}`, ...headers } });
}

describe('scoring models API', () => {
  it('creates a draft, publishes immutable versions and serves their documents', async () => {
    const { api, key } = await newInstallation(ctx);
    const created = await api.post('/v1/scoring/models', { name: 'Inbound', draft: { ...draft, rules: [] } });
    expect(created.status).toBe(201);
    expect(created.body.activeVersionId).toBeNull();
    expect(created.body.draftIssues).toEqual([{ path: 'rules', message: 'a model needs at least one rule' }]);
    const id = created.body.id as string;

    const edited = await api.patch(`/v1/scoring/models/${id}`, { draft });
    expect(edited.status).toBe(200);
    expect(edited.body.draftIssues).toEqual([]);
    const v1 = await api.post(`/v1/scoring/models/${id}/publish`);
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, rescoring: 0 });

    // Editing the draft afterwards changes neither version 1 nor its document.
    await api.patch(`/v1/scoring/models/${id}`, {
      draft: { ...draft, name: 'Inbound v2', halfLifeDays: 14 },
    });
    const v2 = await api.post(`/v1/scoring/models/${id}/publish`);
    expect(v2.body.version).toBe(2);

    const model = await api.get(`/v1/scoring/models/${id}`);
    expect(model.body).toMatchObject({ id, name: 'Inbound', activeVersionId: v2.body.versionId });
    expect((await api.get('/v1/scoring/models')).body.data.map((m: { id: string }) => m.id)).toEqual([id]);
    const versions = await api.get(`/v1/scoring/models/${id}/versions`);
    expect(
      versions.body.data.map((v: { version: number; active: boolean }) => [v.version, v.active]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);
    const one = await api.get(`/v1/scoring/models/${id}/versions/1`);
    expect(one.body.definition).toMatchObject({ name: 'Inbound', halfLifeDays: 30 });

    const markdown = await raw(key, `/v1/scoring/models/${id}/versions/1/document`);
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const text = await markdown.text();
    expect(text).toContain('# Scoring model: Inbound\n');
    expect(text).toContain('Version 1, published 2026-03-02 14:00 UTC');
    expect(text).toContain('Event points halve every 30 days');
    expect(text).toContain('| Booked a meeting | demo |');

    for (const request of [
      raw(key, `/v1/scoring/models/${id}/versions/2/document?format=html`),
      raw(key, `/v1/scoring/models/${id}/versions/2/document`, { accept: 'text/html,*/*' }),
    ]) {
      const page = await request;
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await page.text();
      expect(html).toContain('<h1>Scoring model: Inbound v2</h1>');
      expect(html).toContain('Event points halve every 14 days');
      expect(html).toContain('MQL &lt;script&gt;');
      expect(html).not.toContain('<script>');
    }
  });

  it('refuses a second model, an invalid draft, bad versions and unknown ids with a code', async () => {
    const { api, key } = await newInstallation(ctx);
    const { modelId } = await publishedModel(api, draft);

    const second = await api.post('/v1/scoring/models', { name: 'Another' });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'conflict', details: { modelId } });

    await api.patch(`/v1/scoring/models/${modelId}`, {
      draft: { ...draft, thresholds: [{ ...draft.thresholds[0], hysteresis: 80 }] },
    });
    for (const path of [`/v1/scoring/models/${modelId}/publish`, `/v1/scoring/models/${modelId}/replay`]) {
      const refused = await api.post(path);
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('unprocessable');
      expect(refused.body.error.message).toContain('thresholds[0].hysteresis');
    }
    const http = await api.patch(`/v1/scoring/models/${modelId}`, {
      draft: {
        ...draft,
        thresholds: [
          { ...draft.thresholds[0], actions: [{ type: 'webhook', url: 'http://hooks.example.com/x' }] },
        ],
      },
    });
    expect(http.body.draftIssues).toEqual([
      { path: 'thresholds[0].actions[0].url', message: 'must be an https URL' },
    ]);

    expect((await api.post('/v1/scoring/models', {})).status).toBe(400);
    expect((await api.patch(`/v1/scoring/models/${modelId}`, { draft: 'nope' })).status).toBe(400);
    expect((await api.get(`/v1/scoring/models/${modelId}/versions/abc`)).status).toBe(400);
    expect((await api.get(`/v1/scoring/models/${modelId}/versions/7`)).status).toBe(404);
    expect((await raw(key, `/v1/scoring/models/${modelId}/versions/7/document`)).status).toBe(404);
    expect((await api.get('/v1/scoring/models/mdl_missing')).status).toBe(404);
    expect((await api.post('/v1/scoring/models/mdl_missing/publish')).status).toBe(404);
    expect((await api.get('/v1/contacts/con_missing/score')).status).toBe(404);
  });

  it('keeps every model, version, document, replay and score inside its installation', async () => {
    const one = await newInstallation(ctx, 'One');
    const two = await newInstallation(ctx, 'Two');
    const { modelId } = await publishedModel(one.api, draft);
    const contact = await one.api.post('/v1/contacts', { email: 'ann@example.com' });
    await drainScoring(ctx);

    for (const path of [
      `/v1/scoring/models/${modelId}`,
      `/v1/scoring/models/${modelId}/versions`,
      `/v1/scoring/models/${modelId}/versions/1`,
      `/v1/contacts/${contact.body.id}/score`,
    ]) {
      expect((await two.api.get(path)).status).toBe(404);
    }
    expect((await raw(two.key, `/v1/scoring/models/${modelId}/versions/1/document`)).status).toBe(404);
    expect((await two.api.patch(`/v1/scoring/models/${modelId}`, { name: 'Mine' })).status).toBe(404);
    expect((await two.api.post(`/v1/scoring/models/${modelId}/publish`)).status).toBe(404);
    expect((await two.api.post(`/v1/scoring/models/${modelId}/replay`)).status).toBe(404);
    expect((await two.api.get('/v1/scoring/models')).body.data).toEqual([]);
    // Installation two has no model of its own yet, so it has no score to show either.
    const two1 = await two.api.post('/v1/contacts', { email: 'bob@example.com' });
    const noModel = await two.api.get(`/v1/contacts/${two1.body.id}/score`);
    expect(noModel.status).toBe(404);
    expect(noModel.body.error.message).toBe('No scoring model is published for this installation');

    for (const path of [
      '/v1/scoring/models',
      `/v1/contacts/${contact.body.id}/score`,
      '/v1/scoring/webhook-secret',
    ]) {
      const anonymous = await ctx.app.request(path);
      expect(anonymous.status).toBe(401);
    }
    expect((await one.api.get(`/v1/scoring/models/${modelId}`)).body.name).toBe('Inbound');
  });

  it('documents every scoring route in the OpenAPI document', async () => {
    const doc = (await (await ctx.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.includes('scor'))).toEqual(
      expect.arrayContaining([
        '/v1/scoring/models',
        '/v1/scoring/models/{id}',
        '/v1/scoring/models/{id}/publish',
        '/v1/scoring/models/{id}/versions',
        '/v1/scoring/models/{id}/versions/{version}',
        '/v1/scoring/models/{id}/versions/{version}/document',
        '/v1/scoring/models/{id}/replay',
        '/v1/contacts/{id}/score',
        '/v1/scoring/webhook-secret',
        '/v1/scoring/webhook-secret/rotate',
      ]),
    );
  });

  it('explains a contact score with its version and top contributions, even before it is stored', async () => {
    const { installationId, api } = await newInstallation(ctx);
    await publishedModel(api, draft);
    const created = await api.post('/v1/contacts', { email: 'eve@example.com' });
    const contactId = created.body.id as string;
    for (let i = 0; i < 4; i++) await recordEvent(ctx, { installationId, contactId, type: 'clicked' });
    await recordEvent(ctx, { installationId, contactId, type: 'meeting_booked' });

    // The recompute is still queued: the answer is computed on the spot and says so.
    const live = await api.get(`/v1/contacts/${contactId}/score`);
    expect(live.body).toMatchObject({ score: 55, stored: false, modelVersion: 1 });

    await drainScoring(ctx);
    const stored = await api.get(`/v1/contacts/${contactId}/score`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      contactId,
      score: 55,
      stored: true,
      modelVersion: 1,
      computedAt: '2026-03-02T14:00:00.000Z',
      lastEventAt: '2026-03-02T14:00:00.000Z',
      thresholds: [{ id: 'mql', state: 'above', crossings: 1 }],
    });
    expect(
      stored.body.topContributions.map((c: { ruleId: string; points: number }) => [c.ruleId, c.points]),
    ).toEqual([
      ['demo', 40],
      ['clicked', 15],
    ]);
    expect(stored.body.explanation.slice(0, 2)).toEqual([
      '+40 Booked a meeting',
      '+15 Clicked a link (4×, capped at 15)',
    ]);
  });
});
