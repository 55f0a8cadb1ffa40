import type { Job } from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { companyDomain } from '../../src/domain/inbound/reply-policy';
import { updateReplyPolicy } from '../../src/services/engagement/settings';
import { createHandlers } from '../../src/worker/handlers';
import { useTestContext } from '../helpers/context';
import {
  contactRow,
  enrolledSetup,
  enrollmentRow,
  outboxRows,
  postInbound,
  rawMail,
  sendFirst,
  threeSteps,
} from '../helpers/engagement';
import { type Api, publishedSequence } from '../helpers/fixtures';

// Monday 5 January 2026, so "back on 12 January" is next Monday.
const ctx = useTestContext({ start: new Date('2026-01-05T14:00:00Z') });

async function enroll(api: Api, email: string): Promise<string> {
  const seq = await publishedSequence(api, threeSteps);
  const res = await api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contact: { email } });
  if (res.status !== 201) throw new Error(`enroll: ${JSON.stringify(res.body)}`);
  return res.body.enrollment.id as string;
}

async function exitEvent(id: string) {
  const rows = await ctx.handle.db.query.enrollmentEvents.findMany({
    where: (e, { and, eq }) => and(eq(e.enrollmentId, id), eq(e.type, 'exited')),
  });
  return rows[0];
}

describe('a reply or out-of-office acts on every sequence of the contact', () => {
  it('a human reply to sequence A ends B too: replied, then replied_elsewhere, jobs cancelled', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    const other = await enroll(s.api, 'ann@example.com');
    const otherJob = (await enrollmentRow(ctx, other)).jobId!;

    const res = await postInbound(
      ctx,
      s.token,
      rawMail({ inReplyTo: intro.messageId, body: 'Sounds interesting, call me on Thursday.' }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'human_reply', action: 'exited_replied' });

    expect(await enrollmentRow(ctx, s.enrollmentId)).toMatchObject({
      status: 'replied',
      exitReason: 'replied',
    });
    expect(await enrollmentRow(ctx, other)).toMatchObject({
      status: 'replied',
      exitReason: 'replied_elsewhere',
    });
    expect((await ctx.boss.getJobById('sequence.runEmail', otherJob))?.state).toBe('cancelled');
    expect(await exitEvent(other)).toMatchObject({ reason: 'replied_elsewhere', actor: 'inbound' });
  });

  it('with the enrollment scope, the other sequence keeps sending', async () => {
    const s = await enrolledSetup(ctx);
    await updateReplyPolicy(ctx.deps, s.installationId, { replyScope: 'enrollment' });
    const intro = await sendFirst(ctx, s.enrollmentId);
    const other = await enroll(s.api, 'ann@example.com');
    await postInbound(ctx, s.token, rawMail({ inReplyTo: intro.messageId, body: 'Thanks, noted.' }));
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('replied');
    expect((await enrollmentRow(ctx, other)).status).toBe('active');
  });

  it('an out-of-office pauses both until the return date and resumes both', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    const other = await enroll(s.api, 'ann@example.com');

    const res = await postInbound(
      ctx,
      s.token,
      rawMail({
        inReplyTo: intro.messageId,
        subject: 'Automatic reply: Intro',
        headers: ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All'],
        body: 'I am out of the office and back on 12 January.',
      }),
    );
    expect(res.body).toMatchObject({ kind: 'auto_reply', action: 'paused_ooo' });
    for (const id of [s.enrollmentId, other]) {
      const row = await enrollmentRow(ctx, id);
      expect(row).toMatchObject({ status: 'paused', pauseReason: 'ooo' });
      expect(row.pausedUntil?.toISOString()).toBe('2026-01-12T09:00:00.000Z');
    }

    ctx.clock.set(new Date('2026-01-12T09:00:00Z'));
    const jobs = await ctx.boss.fetch<{ enrollmentId: string }>('sequence.resumePaused', { batchSize: 5 });
    expect(jobs.map((j) => j.data.enrollmentId).sort()).toEqual([s.enrollmentId, other].sort());
    const handlers = createHandlers(ctx.deps);
    for (const job of jobs) {
      await handlers['sequence.resumePaused']!(job.data, job as Job<unknown>);
      await ctx.boss.complete('sequence.resumePaused', job.id);
    }
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('active');
    expect((await enrollmentRow(ctx, other)).status).toBe('active');
  });
});

describe('a mention of unsubscribing', () => {
  it('stays a human reply, flagged, with a task for the owner and no suppression', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    const body =
      'How do I unsubscribe from the newsletter but keep the invoices?\r\n\r\n> To unsubscribe, click here';
    const res = await postInbound(ctx, s.token, rawMail({ inReplyTo: intro.messageId, body }));
    expect(res.body).toMatchObject({ kind: 'human_reply' });
    const [task] = await outboxRows(ctx, s.contactId);
    expect(task?.payload).toMatchObject({ flags: expect.arrayContaining(['unsubscribe_mention']) });
    expect(String(task?.payload.subject)).toMatch(/^Check opt-out wish: /);
    expect((await contactRow(ctx, s.contactId)).suppressedAt ?? null).toBeNull();
  });
});

describe('account-based stop', () => {
  it('off by default; when on, a reply ends colleagues at the company domain, never at free mail', async () => {
    const s = await enrolledSetup(ctx, 'ann@verde-logistik.example');
    const intro = await sendFirst(ctx, s.enrollmentId);
    const colleague = await enroll(s.api, 'bo@verde-logistik.example');
    const gmailAnn = await enroll(s.api, 'ann.private@gmail.com');
    const gmailOther = await enroll(s.api, 'someone@gmail.com');
    const from = 'Ann <ann@verde-logistik.example>';

    await postInbound(ctx, s.token, rawMail({ from, inReplyTo: intro.messageId, body: 'Not now.' }));
    expect((await enrollmentRow(ctx, colleague)).status).toBe('active'); // off by default

    await updateReplyPolicy(ctx.deps, s.installationId, { accountStop: true });
    await postInbound(ctx, s.token, rawMail({ from, inReplyTo: intro.messageId, body: 'Still not now.' }));
    expect(await enrollmentRow(ctx, colleague)).toMatchObject({
      status: 'removed',
      exitReason: 'account_replied',
    });
    expect((await enrollmentRow(ctx, gmailAnn)).status).toBe('active');
    expect((await enrollmentRow(ctx, gmailOther)).status).toBe('active');
    expect(companyDomain('ann.private@gmail.com')).toBeUndefined();
    expect(companyDomain('Bo@Verde-Logistik.example')).toBe('verde-logistik.example');
  });
});
