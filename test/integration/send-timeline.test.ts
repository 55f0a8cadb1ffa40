import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { crmOutbox, installations } from '../../src/db/schema';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

async function enrolledCrmContact(crm: 'hubspot' | 'none', externalId: string | null) {
  const setup = await newInstallation(ctx);
  await ctx.handle.db.update(installations).set({ crm }).where(eq(installations.id, setup.installationId));
  const seq = await publishedSequence(setup.api, [{ key: 'intro', subject: 'Hello there' }]);
  const contact = { email: 'ann@example.com', ...(externalId ? { externalId } : {}) };
  const res = await setup.api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contact });
  expect(res.status).toBe(201);
  return { ...setup, enrollmentId: res.body.enrollment.id as string };
}

const timeline = () => ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.kind, 'timeline_event'));

describe('every send of a CRM contact is queued for its CRM timeline, with why then', () => {
  it('commits with the sent mark: one entry per send, with subject, slot and reasons', async () => {
    const s = await enrolledCrmContact('hubspot', '901');
    expect(await drainJobs(ctx)).toEqual(['sent']);
    const rows = await timeline();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      installationId: s.installationId,
      status: 'pending',
      idempotencyKey: expect.stringMatching(/^timeline:snd_/),
      payload: {
        eventTemplateId: 'sequence_email_sent',
        timestamp: ctx.clock.now().toISOString(),
        tokens: expect.objectContaining({
          stepKey: 'intro',
          subject: 'Hello there',
          sequenceName: 'Seq',
          timeZone: expect.any(String),
          localTime: expect.any(String),
          whyThen: expect.any(String),
        }),
        extraData: expect.objectContaining({ enrollmentId: s.enrollmentId, plannedAt: expect.any(String) }),
      },
    });
  });

  it('a contact that is not in a CRM, or an installation without one, queues nothing', async () => {
    await enrolledCrmContact('hubspot', null);
    await enrolledCrmContact('none', '902');
    expect(await drainJobs(ctx)).toEqual(['sent', 'sent']);
    expect(await timeline()).toEqual([]);
  });
});
