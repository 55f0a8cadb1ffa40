import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollmentEvents, sends } from '../../src/db/schema';
import { jobNames } from '../../src/jobs/catalog';
import { createSmtpMailer } from '../../src/mail/transport';
import { MAX_REQUEUES, sweep } from '../../src/services/sequences/recovery';
import { runStep } from '../../src/services/sequences/run-step';
import { useTestContext } from '../helpers/context';
import { enrollmentRow } from '../helpers/engagement';
import { newInstallation, publishedSequence } from '../helpers/fixtures';
import { startRawSmtp } from '../helpers/raw-smtp';

const ctx = useTestContext();
const restores: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const r of restores.splice(0).reverse()) await r();
});

/**
 * One run of the step job as pg-boss would give up on it: the handler throws (SMTP 451), the job
 * ends `failed` with the handler's error as output (its retries used up).
 */
async function runAndGiveUp(): Promise<boolean> {
  for (const name of jobNames.filter((n) => n.startsWith('sequence.run'))) {
    const [job] = await ctx.boss.fetch<Parameters<typeof runStep>[1]>(name);
    if (!job) continue;
    const error = await runStep(ctx.deps, job.data).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toMatch(/will retry/);
    await ctx.handle.db.execute(
      sql`update pgboss.job set state = 'failed', output = ${JSON.stringify({ message: error })}::jsonb
          where id = ${job.id}::uuid`,
    );
    return true;
  }
  return false;
}

/** Moves the clock past the sweep's grace after the step's due time. */
async function pastDue(enrollmentId: string): Promise<void> {
  const due = (await enrollmentRow(ctx, enrollmentId)).stepDueAt ?? ctx.clock.now();
  ctx.clock.set(new Date(Math.max(due.getTime(), ctx.clock.now().getTime()) + 10 * 60_000));
}

describe('the recovery sweep gives up on a step that can never be delivered', () => {
  it(`a relay answering 451 forever: ${MAX_REQUEUES} re-queues, then the step fails with a reason and an event`, async () => {
    const relay = await startRawSmtp({ afterData: '451 4.7.1 Greylisted, try again later' });
    const original = ctx.deps.mailer;
    const mailer = createSmtpMailer(relay.url, { connections: 1, socketTimeoutMs: 2000 });
    ctx.deps.mailer = mailer;
    restores.push(async () => {
      mailer.close();
      ctx.deps.mailer = original;
      await relay.stop();
    });
    const { api } = await newInstallation(ctx);
    const seq = await publishedSequence(api, [{ key: 'intro', subject: 'Hello' }]);
    const res = await api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: 'greylisted@example.com' },
    });
    const enrollmentId = res.body.enrollment.id as string;
    const reports = [];
    for (let round = 0; round < MAX_REQUEUES + 4; round++) {
      await runAndGiveUp();
      await pastDue(enrollmentId);
      reports.push(await sweep(ctx.deps));
    }
    // The first attempt plus one per re-queue reached the relay; nothing after the step failed.
    expect(relay.received).toHaveLength(MAX_REQUEUES + 1);
    expect(reports.map((r) => r.requeued)).toEqual([...Array(MAX_REQUEUES).fill(1), 0, 0, 0, 0]);
    expect(reports.map((r) => r.exhausted)).toEqual([...Array(MAX_REQUEUES).fill(0), 1, 0, 0, 0]);
    const e = await enrollmentRow(ctx, enrollmentId);
    expect(e).toMatchObject({ status: 'failed', exitReason: 'retries_exhausted', jobId: null });
    const events = await ctx.handle.db
      .select()
      .from(enrollmentEvents)
      .where(eq(enrollmentEvents.enrollmentId, enrollmentId));
    expect(events.filter((v) => v.type === 'requeued')).toHaveLength(MAX_REQUEUES);
    expect(events.at(-1)).toMatchObject({
      type: 'exited',
      reason: 'retries_exhausted',
      toStatus: 'failed',
      data: expect.objectContaining({
        stepKey: 'intro',
        requeues: MAX_REQUEUES,
        jobState: 'failed',
        lastError: expect.stringMatching(/451 4\.7\.1/),
      }),
    });
    expect(await ctx.handle.db.select().from(sends).where(eq(sends.enrollmentId, enrollmentId))).toEqual([]);
  });

  it('a step that is entered again (a new step_scheduled) starts its count afresh', async () => {
    const { api } = await newInstallation(ctx);
    const seq = await publishedSequence(api, [{ key: 'intro', subject: 'Hello' }]);
    const res = await api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: 'x@example.com' },
    });
    const enrollmentId = res.body.enrollment.id as string;
    for (let i = 0; i < MAX_REQUEUES - 1; i++) {
      const e = await enrollmentRow(ctx, enrollmentId);
      await ctx.handle.db.execute(sql`delete from pgboss.job where id::text = ${e.jobId}`);
      await pastDue(enrollmentId);
      expect((await sweep(ctx.deps)).requeued).toBe(1);
    }
    expect((await enrollmentRow(ctx, enrollmentId)).status).toBe('active');
  });
});

describe('the recovery sweep pages through what it finds', () => {
  /** `n` enrollments whose step jobs are lost, all due at the same instant (ties page by id). */
  async function lostSteps(n: number): Promise<string[]> {
    const { api } = await newInstallation(ctx);
    const seq = await publishedSequence(api, [{ key: 'intro', subject: 'Hello' }]);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await api.post('/v1/enrollments', {
        sequenceId: seq.sequenceId,
        contact: { email: `lost${i}@example.com` },
      });
      ids.push(res.body.enrollment.id as string);
    }
    // Microseconds: the page cursor must not lose them.
    await ctx.handle.db.execute(sql`
      delete from pgboss.job where id::text in (select job_id from enrollments where id in ${ids})`);
    await ctx.handle.db.execute(
      sql`update enrollments set step_due_at = '2026-03-02 13:00:00.123456+00' where id in ${ids}`,
    );
    return ids;
  }

  async function liveJobs(ids: string[]): Promise<number> {
    const { rows } = await ctx.handle.db.execute<{ n: number }>(sql`
      select count(*)::int as n from enrollments e join pgboss.job j on j.id::text = e.job_id
      where e.id in ${ids} and j.state = 'created'`);
    return rows[0]?.n ?? 0;
  }

  it('re-queues every lost step in one pass, a page at a time, each once', async () => {
    const ids = await lostSteps(5);
    // Due later, with a live job: not the sweep's business, on any page.
    const { api } = await newInstallation(ctx, 'Other');
    const later = await publishedSequence(api, [
      { key: 'wait', subject: 'Later', delay: { amount: 9, unit: 'days' } },
    ]);
    await api.post('/v1/enrollments', {
      sequenceId: later.sequenceId,
      contact: { email: 'later@example.com' },
    });
    const report = await sweep(ctx.deps, { batch: 2 });
    expect(report).toMatchObject({ requeued: 5, exhausted: 0 });
    expect(await liveJobs(ids)).toBe(5);
    const requeues = await ctx.handle.db.execute<{ n: number }>(
      sql`select count(*)::int as n from enrollment_events where type = 'requeued'`,
    );
    expect(requeues.rows[0]?.n).toBe(5);
    expect((await sweep(ctx.deps, { batch: 2 })).requeued).toBe(0);
  });

  it('stops a pass at its limit; the next pass takes the rest', async () => {
    const ids = await lostSteps(5);
    expect((await sweep(ctx.deps, { batch: 2, limit: 3 })).requeued).toBe(3);
    expect(await liveJobs(ids)).toBe(3);
    expect((await sweep(ctx.deps, { batch: 2, limit: 3 })).requeued).toBe(2);
    expect(await liveJobs(ids)).toBe(5);
  });

  it('pages lost resumes and stale pending sends the same way', async () => {
    const ids = await lostSteps(5);
    await ctx.handle.db.execute(sql`
      update enrollments set status = 'paused', pause_reason = 'ooo', paused_until = step_due_at,
        step_due_at = null, job_name = 'sequence.resumePaused' where id in ${ids}`);
    await ctx.handle.db.execute(sql`
      insert into sends (id, installation_id, enrollment_id, contact_id, step_key, status, message_id,
                         to_address, subject, created_at)
      select 'snd_' || e.id, e.installation_id, e.id, e.contact_id, 'intro', 'pending',
             '<' || e.id || '@tandem.test>', 'x@example.com', 'Hello', '2026-03-02 13:00:00+00'
      from enrollments e where e.id in ${ids}`);
    const report = await sweep(ctx.deps, { batch: 2 });
    expect(report).toMatchObject({ resumesRequeued: 5, markedUnknown: 5, unknownTotal: 5 });
    expect(await liveJobs(ids)).toBe(5);
    expect(await sweep(ctx.deps, { batch: 2 })).toMatchObject({ resumesRequeued: 0, markedUnknown: 0 });
  });
});
