import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { crmOutbox, installations } from '../../src/db/schema';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

async function enrolled(crm: 'hubspot' | 'none') {
  const s = await newInstallation(ctx);
  await ctx.handle.db.update(installations).set({ crm }).where(eq(installations.id, s.installationId));
  const seq = await publishedSequence(s.api, [
    { key: 'intro', subject: 'Intro' },
    { key: 'nudge', subject: 'Nudge', delay: { amount: 2, unit: 'days' } },
  ]);
  const res = await s.api.post('/v1/enrollments', {
    sequenceId: seq.sequenceId,
    contact: { email: 'kim@example.com', externalId: 'hs-11' },
  });
  return { ...s, enrollmentId: res.body.enrollment.id as string };
}

/** In the order they were queued: time, then the enrollment event's serial id in the key. */
const pushed = async () =>
  (await ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.kind, 'property_update')))
    .sort(
      (a, b) =>
        a.createdAt.getTime() - b.createdAt.getTime() ||
        Number(a.idempotencyKey.split(':')[1]) - Number(b.idempotencyKey.split(':')[1]),
    )
    .map((r) => r.payload.properties as Record<string, string>);

describe('the CRM sees where the contact is in its sequence', () => {
  it('status, last step sent and next step time follow the enrollment', async () => {
    const s = await enrolled('hubspot');
    const first = await pushed();
    expect(first.at(-1)).toMatchObject({ tandem_sequence_status: 'active', tandem_last_step: '' });
    expect(first.at(-1)?.tandem_next_step_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await drainJobs(ctx, 1);
    const afterIntro = await pushed();
    expect(afterIntro.at(-1)).toMatchObject({ tandem_sequence_status: 'active', tandem_last_step: 'intro' });
    expect(afterIntro.at(-1)?.tandem_next_step_at).not.toBe(first.at(-1)?.tandem_next_step_at);
    expect((await s.api.post(`/v1/enrollments/${s.enrollmentId}/pause`, {})).status).toBe(200);
    expect((await pushed()).at(-1)).toMatchObject({
      tandem_sequence_status: 'paused',
      tandem_next_step_at: '',
    });
    expect((await s.api.post(`/v1/enrollments/${s.enrollmentId}/resume`, {})).status).toBe(200);
    await drainJobs(ctx);
    expect((await pushed()).at(-1)).toEqual({
      tandem_sequence_status: 'completed',
      tandem_last_step: 'nudge',
      tandem_next_step_at: '',
    });
  });

  it('nothing is queued for an installation without a CRM', async () => {
    await enrolled('none');
    await drainJobs(ctx);
    expect(await pushed()).toEqual([]);
  });
});
