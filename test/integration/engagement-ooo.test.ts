import { eq } from 'drizzle-orm';
import type { Job } from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { sends } from '../../src/db/schema';
import { createHandlers } from '../../src/worker/handlers';
import { useTestContext } from '../helpers/context';
import {
  enrolledSetup,
  enrollmentRow,
  eventsOf,
  outboxRows,
  postInbound,
  rawMail,
  sendFirst,
} from '../helpers/engagement';
import { drainJobs } from '../helpers/fixtures';

// Monday 5 January 2026, so "back on 12 January" is next Monday.
const ctx = useTestContext({ start: new Date('2026-01-05T14:00:00Z') });

describe('out-of-office', () => {
  it('"back on 12 January" pauses until then, resumes, and the sequence completes', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    expect(intro.sentAt?.toISOString()).toBe('2026-01-06T14:00:00.000Z');
    const before = await enrollmentRow(ctx, s.enrollmentId);

    const res = await postInbound(
      ctx,
      s.token,
      rawMail({
        inReplyTo: intro.messageId,
        subject: 'Automatic reply: Intro',
        headers: ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All'],
        body: 'Thank you for your message. I am out of the office and back on 12 January.\r\nKind regards, Ann',
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'auto_reply', matchedBy: 'message_id', action: 'paused_ooo' });

    const paused = await enrollmentRow(ctx, s.enrollmentId);
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'ooo', currentStepKey: 'bump' });
    expect(paused.pausedUntil?.toISOString()).toBe('2026-01-12T09:00:00.000Z');
    expect((await ctx.boss.getJobById('sequence.runEmail', before.jobId!))?.state).toBe('cancelled');
    expect(await drainJobs(ctx)).toEqual([]); // nothing goes out while paused
    expect(await outboxRows(ctx, s.contactId)).toEqual([]); // no task for an auto-reply
    expect(await eventsOf(ctx, s.contactId, 'auto_replied')).toHaveLength(1);

    // The resume job pg-boss holds for the return date, run as the worker would.
    const [job] = await ctx.boss.fetch<{ enrollmentId: string }>('sequence.resumePaused');
    expect(job?.id).toBe(paused.jobId);
    expect(job?.data).toEqual({ enrollmentId: s.enrollmentId });
    ctx.clock.set(new Date('2026-01-12T09:00:00Z'));
    await createHandlers(ctx.deps)['sequence.resumePaused']!(job!.data, job as Job<unknown>);
    await ctx.boss.complete('sequence.resumePaused', job!.id);
    expect(await enrollmentRow(ctx, s.enrollmentId)).toMatchObject({
      status: 'active',
      currentStepKey: 'bump',
    });

    const outcomes = await drainJobs(ctx);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(2);
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('completed');
    expect(ctx.sink.messages.map((m) => m.subject)).toEqual(['Intro', 'Bump', 'Last']);
    const [bump] = await ctx.handle.db.select().from(sends).where(eq(sends.stepKey, 'bump'));
    expect(bump!.sentAt!.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-01-12T09:00:00Z'));
  });

  it('a stale out-of-office (return date passed) resumes a paused enrollment at once', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    const ooo = (body: string, id: string) =>
      rawMail({
        inReplyTo: intro.messageId,
        messageId: id,
        subject: 'Out of office: Intro',
        headers: ['Auto-Submitted: auto-replied'],
        body,
      });
    await postInbound(ctx, s.token, ooo('I am on leave and back on 9 January.', '<ooo-1@example.com>'));
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('paused');
    ctx.clock.set(new Date('2026-01-08T10:00:00Z'));
    // A second auto-reply whose date is already behind us (sent by a stale rule): resume now.
    const res = await postInbound(
      ctx,
      s.token,
      ooo('I am away until 7 January 2026.', '<ooo-2@example.com>'),
    );
    expect(res.body.action).toBe('ooo_already_back');
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('active');
  });
});
