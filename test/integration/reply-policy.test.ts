import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context';
import { enrollmentRow, inboundToken, postInbound, rawMail, threeSteps } from '../helpers/engagement';
import { type Api, drainJobs, newInstallation, publishedSequence, sendRows } from '../helpers/fixtures';

const ctx = useTestContext({ start: new Date('2026-01-05T14:00:00Z') });

async function enroll(api: Api, extra: Record<string, unknown> = {}): Promise<string> {
  const seq = await publishedSequence(api, threeSteps, extra);
  const res = await api.post('/v1/enrollments', {
    sequenceId: seq.sequenceId,
    contact: { email: 'ann@example.com', firstName: 'Ann' },
  });
  if (res.status !== 201) throw new Error(`enroll: ${JSON.stringify(res.body)}`);
  return res.body.enrollment.id as string;
}

/** Two sequences for one contact, both first steps sent; the reply answers `a`'s mail. */
async function replyToA(aExtra: Record<string, unknown>, installationPatch?: Record<string, unknown>) {
  const s = await newInstallation(ctx);
  if (installationPatch) {
    expect((await s.api.patch('/v1/settings/reply-policy', installationPatch)).status).toBe(200);
  }
  const a = await enroll(s.api, aExtra);
  const b = await enroll(s.api);
  await drainJobs(ctx, 2);
  const [sent] = await sendRows(ctx, a);
  const token = await inboundToken(s.api);
  const res = await postInbound(ctx, token, rawMail({ inReplyTo: sent!.messageId, body: 'Noted, thanks.' }));
  expect(res.status).toBe(201);
  return { a: await enrollmentRow(ctx, a), b: await enrollmentRow(ctx, b) };
}

describe('reply policy: installation settings and a sequence override', () => {
  it('GET shows the defaults; PATCH changes one key; unknown keys and values are 400', async () => {
    const { api } = await newInstallation(ctx);
    expect((await api.get('/v1/settings/reply-policy')).body).toEqual({
      replyScope: 'contact',
      oooScope: 'contact',
      accountStop: false,
    });
    const patched = await api.patch('/v1/settings/reply-policy', { accountStop: true });
    expect(patched).toMatchObject({ status: 200, body: { replyScope: 'contact', accountStop: true } });
    expect((await api.get('/v1/settings/reply-policy')).body.accountStop).toBe(true);
    for (const bad of [{ everyone: true }, { replyScope: 'company' }, { accountStop: 'yes' }]) {
      const res = await api.patch('/v1/settings/reply-policy', bad);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBeTypeOf('string');
    }
  });

  it('a sequence that keeps replies to itself: a reply to it leaves the other sequence running', async () => {
    const { a, b } = await replyToA({ replyPolicy: { replyScope: 'enrollment' } });
    expect(a).toMatchObject({ status: 'replied', exitReason: 'replied' });
    expect(b.status).toBe('active');
  });

  it('a sequence override wins over the installation: contact-wide stop although the installation says enrollment', async () => {
    const { a, b } = await replyToA({ replyPolicy: { replyScope: 'contact' } }, { replyScope: 'enrollment' });
    expect(a.status).toBe('replied');
    expect(b).toMatchObject({ status: 'replied', exitReason: 'replied_elsewhere' });
  });

  it('without an override the installation policy applies', async () => {
    const { a, b } = await replyToA({}, { replyScope: 'enrollment' });
    expect(a.status).toBe('replied');
    expect(b.status).toBe('active');
  });

  it('a malformed override is refused at publish, with the field named', async () => {
    const { api } = await newInstallation(ctx);
    const steps = [{ key: 'w', kind: 'wait', delay: { amount: 1, unit: 'days' } }];
    const seq = await api.post('/v1/sequences', {
      name: 'Bad',
      draft: { steps, replyPolicy: { replyScope: 'all' } },
    });
    const res = await api.post(`/v1/sequences/${seq.body.id}/publish`);
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('replyPolicy.replyScope');
  });
});
