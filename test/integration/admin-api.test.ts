import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, sends, suppressionLifts } from '../../src/db/schema';
import { seedDemo } from '../../src/services/demo';
import { findApiKey } from '../../src/services/installations';
import { type TestContext, useTestContext } from '../helpers/context';
import { type Api, apiFor, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

async function suppressedContact(api: Api, email: string) {
  const contact = await api.post('/v1/contacts', { email });
  await ctx.handle.db
    .update(contacts)
    .set({ suppressedAt: new Date('2026-03-01T10:00:00Z'), suppressionReason: 'hard_bounced' })
    .where(eq(contacts.id, contact.body.id));
  return contact.body.id as string;
}

/** An enrollment whose first mail's outcome is unknown (as a crash mid-send leaves it). */
async function unknownSend(c: TestContext, api: Api, installationId: string, email: string) {
  const { sequenceId } = await publishedSequence(api, [{ key: 's1', subject: 'One' }]);
  const contact = await api.post('/v1/contacts', { email });
  const enrolled = await api.post('/v1/enrollments', { sequenceId, contactId: contact.body.id });
  const id = `snd_${email.replace(/\W/g, '')}`;
  await c.handle.db.insert(sends).values({
    id,
    installationId,
    enrollmentId: enrolled.body.enrollment.id,
    contactId: contact.body.id,
    stepKey: 's1',
    status: 'unknown',
    messageId: `<${id}@tandem.test>`,
    toAddress: email,
    subject: 'One',
    error: 'connection closed after DATA',
    createdAt: c.clock.now(),
  });
  return id;
}

describe('admin API: keys', () => {
  it('creates a standard key, lists keys without secrets, rotates and revokes (revoked gets 401)', async () => {
    const admin = await newInstallation(ctx);
    const created = await admin.api.post('/v1/admin/keys', { name: 'integration' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'standard', key: expect.stringMatching(/^tk_/) });
    const standard = apiFor(ctx, created.body.key);
    expect((await standard.get('/v1/sequences')).status).toBe(200);

    const listed = await admin.api.get('/v1/admin/keys');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((k: { role: string }) => k.role).sort()).toEqual(['admin', 'standard']);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    const rotated = await admin.api.post(`/v1/admin/keys/${created.body.id}/rotate`);
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ role: 'standard', revokedId: created.body.id });
    expect((await standard.get('/v1/sequences')).status).toBe(401);
    const next = apiFor(ctx, rotated.body.key);
    expect((await next.get('/v1/sequences')).status).toBe(200);

    const revoked = await admin.api.delete(`/v1/admin/keys/${rotated.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe(ctx.clock.now().toISOString());
    const refused = await next.get('/v1/sequences');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');
    expect((await admin.api.delete(`/v1/admin/keys/${rotated.body.id}`)).status).toBe(409);
    expect((await admin.api.delete('/v1/admin/keys/key_nope')).status).toBe(404);
  });

  it('answers 403 to a standard key on every admin route, and 400 to a bad body', async () => {
    const admin = await newInstallation(ctx);
    const created = await admin.api.post('/v1/admin/keys', { name: 'plain', role: 'standard' });
    const standard = apiFor(ctx, created.body.key);
    const contactId = await suppressedContact(admin.api, 'gone@example.com');
    const calls = [
      standard.get('/v1/admin/keys'),
      standard.post('/v1/admin/keys', { name: 'escalate', role: 'admin' }),
      standard.delete(`/v1/admin/keys/${created.body.id}`),
      standard.post(`/v1/admin/keys/${created.body.id}/rotate`),
      standard.get('/v1/suppressions'),
      standard.post(`/v1/suppressions/${contactId}/lift`, { reason: 'me' }),
      standard.get('/v1/sends?status=unknown'),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden', requestId: expect.stringMatching(/^req_/) });
    }
    expect((await admin.api.post('/v1/admin/keys', { name: 'x', role: 'root' })).status).toBe(400);
    expect((await admin.api.get('/v1/sends?status=lost')).status).toBe(400);
    expect((await admin.api.get('/v1/sends')).status).toBe(400);
  });

  it('documents the admin routes in the OpenAPI document', async () => {
    const doc = (await (await ctx.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of [
      '/v1/admin/keys',
      '/v1/admin/keys/{id}',
      '/v1/admin/keys/{id}/rotate',
      '/v1/suppressions',
      '/v1/suppressions/{id}/lift',
      '/v1/sends',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });

  it('makes the demo key an admin key', async () => {
    const demo = await seedDemo(ctx.deps);
    expect((await findApiKey(ctx.handle.db, demo.apiKey))?.role).toBe('admin');
    expect((await apiFor(ctx, demo.apiKey).get('/v1/admin/keys')).status).toBe(200);
  });
});

describe('admin API: suppressions and unknown sends', () => {
  it('lists suppressions and lifts one with a reason, audited with the key and the time', async () => {
    const admin = await newInstallation(ctx);
    const contactId = await suppressedContact(admin.api, 'bounced@example.com');
    const listed = await admin.api.get('/v1/suppressions');
    expect(listed.body.data).toEqual([
      {
        id: contactId,
        email: 'bounced@example.com',
        reason: 'hard_bounced',
        suppressedAt: '2026-03-01T10:00:00.000Z',
      },
    ]);
    const noReason = await admin.api.post(`/v1/suppressions/${contactId}/lift`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect((await admin.api.post(`/v1/suppressions/${contactId}/lift`, {})).status).toBe(400);

    const lifted = await admin.api.post(`/v1/suppressions/${contactId}/lift`, {
      reason: 'mailbox fixed, confirmed by phone',
    });
    expect(lifted.status).toBe(200);
    const keyId = (await admin.api.get('/v1/admin/keys')).body.data[0].id;
    const [audit] = await ctx.handle.db
      .select()
      .from(suppressionLifts)
      .where(eq(suppressionLifts.contactId, contactId));
    expect(audit).toMatchObject({
      liftedBy: `key:${keyId}`,
      reason: 'mailbox fixed, confirmed by phone',
      suppressionReason: 'hard_bounced',
      liftedAt: ctx.clock.now(),
    });
    expect((await admin.api.get('/v1/suppressions')).body.data).toEqual([]);
    const [contact] = await ctx.handle.db.select().from(contacts).where(eq(contacts.id, contactId));
    expect(contact?.suppressedAt).toBeNull();
    const again = await admin.api.post(`/v1/suppressions/${contactId}/lift`, { reason: 'twice' });
    expect(again.status).toBe(409);
  });

  it('lists the sends whose outcome is unknown', async () => {
    const admin = await newInstallation(ctx);
    const id = await unknownSend(ctx, admin.api, admin.installationId, 'maybe@example.com');
    const res = await admin.api.get('/v1/sends?status=unknown');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ id, status: 'unknown', to: 'maybe@example.com', stepKey: 's1' });
    expect((await admin.api.get('/v1/sends?status=sent')).body.data).toEqual([]);
  });

  it("keeps installations apart: one admin cannot see, revoke, rotate or lift another's", async () => {
    const a = await newInstallation(ctx, 'A');
    const b = await newInstallation(ctx, 'B');
    const aKey = (await a.api.get('/v1/admin/keys')).body.data[0].id;
    const aContact = await suppressedContact(a.api, 'a-only@example.com');
    await unknownSend(ctx, a.api, a.installationId, 'a-send@example.com');

    expect((await b.api.delete(`/v1/admin/keys/${aKey}`)).status).toBe(404);
    expect((await b.api.post(`/v1/admin/keys/${aKey}/rotate`)).status).toBe(404);
    expect((await b.api.post(`/v1/suppressions/${aContact}/lift`, { reason: 'not mine' })).status).toBe(404);
    expect((await b.api.get('/v1/admin/keys')).body.data.map((k: { id: string }) => k.id)).not.toContain(
      aKey,
    );
    expect((await b.api.get('/v1/suppressions')).body.data).toEqual([]);
    expect((await b.api.get('/v1/sends?status=unknown')).body.data).toEqual([]);
    // A's key and suppression are untouched.
    expect((await a.api.get('/v1/sequences')).status).toBe(200);
    expect((await a.api.get('/v1/suppressions')).body.data).toHaveLength(1);
    expect(await ctx.handle.db.select().from(suppressionLifts)).toEqual([]);
  });
});
