import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, crmOutbox } from '../../src/db/schema';
import { useTestContext } from '../helpers/context';
import { enrollmentRow } from '../helpers/engagement';
import { drainJobs, newInstallation } from '../helpers/fixtures';

const ctx = useTestContext({ start: new Date('2026-03-02T10:00:00Z') });

const day = { amount: 1, unit: 'days' };
const stepsOf = {
  task: [{ key: 'call', kind: 'task', subject: 'Call Ann', delay: day }],
  update_crm: [{ key: 'mark', kind: 'update_crm', property: 'lead_status', value: 'WORKING', delay: day }],
};

async function enrolledIn(kind: keyof typeof stepsOf) {
  const { api } = await newInstallation(ctx);
  const seq = await api.post('/v1/sequences', { name: kind, draft: { steps: stepsOf[kind] } });
  expect((await api.post(`/v1/sequences/${seq.body.id}/publish`)).status).toBe(201);
  const res = await api.post('/v1/enrollments', {
    sequenceId: seq.body.id,
    contact: { email: `${kind}@acme.example` },
  });
  expect(res.status).toBe(201);
  return {
    enrollmentId: res.body.enrollment.id as string,
    contactId: res.body.enrollment.contactId as string,
  };
}

describe('task and CRM-update steps check the suppression as a mail does', () => {
  for (const kind of ['task', 'update_crm'] as const) {
    it(`${kind}: a contact suppressed before the step runs gets no CRM write; the enrollment exits`, async () => {
      const { enrollmentId, contactId } = await enrolledIn(kind);
      await ctx.handle.db
        .update(contacts)
        .set({ suppressedAt: ctx.clock.now(), suppressionReason: 'unsubscribed' })
        .where(eq(contacts.id, contactId));
      expect(await drainJobs(ctx)).toEqual(['exited']);
      expect(await enrollmentRow(ctx, enrollmentId)).toMatchObject({ status: 'opted_out' });
      expect(await ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.contactId, contactId))).toEqual(
        [],
      );
    });

    it(`${kind}: an unsuppressed contact gets its CRM write`, async () => {
      const { contactId } = await enrolledIn(kind);
      await drainJobs(ctx);
      const rows = await ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.contactId, contactId));
      expect(rows.map((r) => r.kind)).toEqual([kind === 'task' ? 'task' : 'property_update']);
    });
  }
});
