import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, suppressionLifts } from '../../src/db/schema';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';

const ctx = useTestContext({ start: new Date('2026-03-02T10:00:00Z') });

async function suppress(contactId: string, reason: 'hard_bounced' | 'unsubscribed') {
  await ctx.handle.db
    .update(contacts)
    .set({ suppressedAt: ctx.clock.now(), suppressionReason: reason })
    .where(eq(contacts.id, contactId));
}

describe('a CRM contact whose address changes under the same external id', () => {
  it('updates that contact (same id, new address), not a 500 and not a second contact', async () => {
    const { api } = await newInstallation(ctx);
    const first = await api.post('/v1/contacts', {
      email: 'ann@old.example',
      externalId: 'crm-1',
      firstName: 'Ann',
    });
    expect(first.status).toBe(200);
    const moved = await api.post('/v1/contacts', { email: 'Ann@New.example', externalId: 'crm-1' });
    expect(moved).toMatchObject({
      status: 200,
      body: { id: first.body.id, email: 'ann@new.example', firstName: 'Ann' },
    });
    const rows = await ctx.handle.db.select().from(contacts).where(eq(contacts.externalId, 'crm-1'));
    expect(rows).toHaveLength(1);
  });

  it('onto another contact’s address: 409 email_taken naming it, nothing changed', async () => {
    const { api } = await newInstallation(ctx);
    const ann = await api.post('/v1/contacts', { email: 'ann@acme.example', externalId: 'crm-1' });
    const bob = await api.post('/v1/contacts', { email: 'bob@acme.example', externalId: 'crm-2' });
    const res = await api.post('/v1/contacts', { email: 'bob@acme.example', externalId: 'crm-1' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'email_taken', details: { contactId: bob.body.id } });
    expect((await api.get(`/v1/contacts/${ann.body.id}`)).body.email).toBe('ann@acme.example');
    const viaEnroll = await api.post('/v1/enrollments', {
      sequenceId: 'seq_missing',
      contact: { email: 'bob@acme.example', externalId: 'crm-1' },
    });
    expect(viaEnroll.status).toBe(409);
  });

  it('a hard bounce stays with the old address (lifted, audited); an unsubscribe stays with the person', async () => {
    const { api } = await newInstallation(ctx);
    const bounced = await api.post('/v1/contacts', { email: 'dead@old.example', externalId: 'crm-b' });
    await suppress(bounced.body.id, 'hard_bounced');
    const opted = await api.post('/v1/contacts', { email: 'no@old.example', externalId: 'crm-u' });
    await suppress(opted.body.id, 'unsubscribed');

    const b = await api.post('/v1/contacts', { email: 'alive@new.example', externalId: 'crm-b' });
    const u = await api.post('/v1/contacts', { email: 'no@new.example', externalId: 'crm-u' });
    expect(b.body.suppressed).toBeNull();
    expect(u.body.suppressed).toMatchObject({ reason: 'unsubscribed' });
    const lifts = await ctx.handle.db
      .select()
      .from(suppressionLifts)
      .where(eq(suppressionLifts.contactId, bounced.body.id));
    expect(lifts).toMatchObject([
      { email: 'dead@old.example', suppressionReason: 'hard_bounced', liftedBy: 'crm' },
    ]);
  });

  it('parallel upserts of one new CRM contact under different addresses: one contact, no 500', async () => {
    const { api } = await newInstallation(ctx);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.post('/v1/contacts', { email: `p${i}@acme.example`, externalId: 'crm-p' }),
      ),
    );
    expect(results.map((r) => r.status).every((s) => s === 200)).toBe(true);
    const rows = await ctx.handle.db.select().from(contacts).where(eq(contacts.externalId, 'crm-p'));
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });
});
