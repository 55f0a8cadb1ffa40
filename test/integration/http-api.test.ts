import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../src/db/schema';
import { seedDemo } from '../../src/services/demo';
import { useTestContext } from '../helpers/context';
import { apiFor, drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

describe('HTTP API conventions', () => {
  it('answers every error as { error: { code, message, requestId } } with a request id header', async () => {
    const res = await ctx.app.request('/nope');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toMatch(/^req_/);
    expect(res.headers.get('x-request-id')).toBe(body.error.requestId);
  });

  it('refuses a missing or wrong API key', async () => {
    expect((await ctx.app.request('/v1/sequences')).status).toBe(401);
    const wrong = await apiFor(ctx, 'tk_not-a-key').get('/v1/sequences');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
  });

  it('rejects malformed JSON and invalid bodies with 400 and a path', async () => {
    const { key, api } = await newInstallation(ctx);
    const res = await ctx.app.request('/v1/templates', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
    const invalid = await api.post('/v1/templates', { name: '', subject: 'x', html: '<p/>' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('validation_failed');
    expect(invalid.body.error.message).toContain('name');
    const email = await api.post('/v1/contacts', { email: 'not-an-email' });
    expect(email.body.error.code).toBe('validation_failed');
  });

  it('keeps installations apart: one key cannot read or change another installation', async () => {
    const a = await newInstallation(ctx, 'A');
    const b = await newInstallation(ctx, 'B');
    const { sequenceId } = await publishedSequence(a.api, [{ key: 's1', subject: 'One' }]);
    const contact = await a.api.post('/v1/contacts', { email: 'mine@example.com' });
    const enrolled = await a.api.post('/v1/enrollments', { sequenceId, contactId: contact.body.id });
    expect((await b.api.get(`/v1/sequences/${sequenceId}`)).status).toBe(404);
    expect((await b.api.get(`/v1/contacts/${contact.body.id}`)).status).toBe(404);
    expect((await b.api.delete(`/v1/contacts/${contact.body.id}`)).status).toBe(404);
    expect((await b.api.get(`/v1/enrollments/${enrolled.body.enrollment.id}`)).status).toBe(404);
    expect((await b.api.post(`/v1/enrollments/${enrolled.body.enrollment.id}/remove`)).status).toBe(404);
    expect((await b.api.post('/v1/enrollments', { sequenceId, contactId: contact.body.id })).status).toBe(
      404,
    );
    expect((await b.api.get('/v1/sequences')).body.data).toEqual([]);
  });

  it('refuses to publish a template whose merge field could leave a blank', async () => {
    const { api } = await newInstallation(ctx);
    const t = await api.post('/v1/templates', {
      name: 't',
      subject: 'Hi {{contact.firstName}}',
      html: '<p>x</p>',
    });
    expect(t.body.warnings[0].problem).toBe('needs_default');
    const seq = await api.post('/v1/sequences', {
      name: 's',
      draft: { steps: [{ key: 'a', kind: 'email', templateId: t.body.id }] },
    });
    const pub = await api.post(`/v1/sequences/${seq.body.id}/publish`);
    expect(pub.status).toBe(422);
    expect(pub.body.error.message).toContain('needs a default');
    expect(pub.body.error.details.issues[0].path).toBe('steps.0.template.subject');
  });

  it('refuses to enroll a suppressed contact, or into an unpublished sequence', async () => {
    const { api } = await newInstallation(ctx);
    const { sequenceId } = await publishedSequence(api, [{ key: 's1', subject: 'One' }]);
    const contact = await api.post('/v1/contacts', { email: 'gone@example.com' });
    await ctx.handle.db
      .update(contacts)
      .set({ suppressedAt: ctx.clock.now(), suppressionReason: 'unsubscribed' })
      .where(eq(contacts.id, contact.body.id));
    const refused = await api.post('/v1/enrollments', { sequenceId, contactId: contact.body.id });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('contact_suppressed');
    const draftOnly = await api.post('/v1/sequences', { name: 'draft' });
    const notPublished = await api.post('/v1/enrollments', {
      sequenceId: draftOnly.body.id,
      contact: { email: 'x@example.com' },
    });
    expect(notPublished.body.error.code).toBe('sequence_not_published');
    const bulk = await api.post('/v1/enrollments/bulk', {
      sequenceId,
      items: [
        { contactId: contact.body.id },
        { contact: { email: 'ok@example.com' } },
        { contactId: 'con_missing' },
      ],
    });
    expect(bulk.body.results.map((r: { status: string }) => r.status)).toEqual([
      'refused',
      'enrolled',
      'refused',
    ]);
  });

  it('the demo seed publishes a sequence whose mail reaches the local sink', async () => {
    const demo = await seedDemo(ctx.deps);
    expect(demo.seeded).toBe(true);
    const sequences = await apiFor(ctx, demo.apiKey).get('/v1/sequences');
    expect(sequences.body.data).toHaveLength(1);
    await drainJobs(ctx);
    expect(ctx.sink.messages.length).toBeGreaterThanOrEqual(8);
    expect((await seedDemo(ctx.deps)).seeded).toBe(false);
  });
});
