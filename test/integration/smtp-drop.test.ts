import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollmentEvents, sends } from '../../src/db/schema';
import { createSmtpMailer, type Mailer } from '../../src/mail/transport';
import { sweep } from '../../src/services/sequences/recovery';
import { runStep } from '../../src/services/sequences/run-step';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';
import { closedPort, type RawSmtp, startRawSmtp } from '../helpers/raw-smtp';

const ctx = useTestContext();
const oneStep = [{ key: 'intro', subject: 'Intro' }];

let restore: (() => void) | null = null;
const servers: RawSmtp[] = [];

/** Points the app's mailer at another server for one test; short timeouts keep it fast. */
function useMailer(url: string): Mailer {
  const original = ctx.deps.mailer;
  const mailer = createSmtpMailer(url, { connections: 5, socketTimeoutMs: 300, connectionTimeoutMs: 2000 });
  ctx.deps.mailer = mailer;
  restore = () => {
    mailer.close();
    ctx.deps.mailer = original;
  };
  return mailer;
}

afterEach(async () => {
  restore?.();
  restore = null;
  for (const s of servers.splice(0)) await s.stop();
});

async function enrollMany(n: number) {
  const setup = await newInstallation(ctx);
  const seq = await publishedSequence(setup.api, oneStep);
  for (let i = 0; i < n; i++) {
    const res = await setup.api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: `c${i}@example.com`, firstName: 'C' },
    });
    expect(res.status).toBe(201);
  }
  return setup;
}

async function allSends() {
  return ctx.handle.db.select().from(sends);
}

async function runNextEmailJob() {
  const [job] = await ctx.boss.fetch<Parameters<typeof runStep>[1]>('sequence.runEmail');
  if (!job) throw new Error('no email job');
  return { job, run: () => runStep(ctx.deps, job.data) };
}

describe('SMTP connection lost after the message data', () => {
  it('a drop after the final dot is unknown and never resent: 100 drops, zero duplicates', async () => {
    const server = await startRawSmtp({ afterData: 'drop' });
    servers.push(server);
    useMailer(server.url);
    await enrollMany(100);
    const outcomes = await drainJobs(ctx);
    expect(outcomes).toHaveLength(100);
    expect(new Set(outcomes)).toEqual(new Set(['unknown']));
    // The recovery sweep, an hour later, finds nothing to resend; neither do leftover jobs.
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 3_600_000));
    const report = await sweep(ctx.deps, { graceMs: 0 });
    expect(report).toMatchObject({ requeued: 0, markedUnknown: 0, unknownTotal: 100 });
    expect(await drainJobs(ctx)).toEqual([]);
    expect(server.received).toHaveLength(100);
    const perRecipient = new Map<string, number>();
    for (const r of server.received) perRecipient.set(r, (perRecipient.get(r) ?? 0) + 1);
    expect(perRecipient.size).toBe(100);
    expect(Math.max(...perRecipient.values())).toBe(1);
    const rows = await allSends();
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['unknown']));
    const reported = await ctx.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(enrollmentEvents)
      .where(eq(enrollmentEvents.type, 'send_unknown'));
    expect(reported[0]?.n).toBe(100);
  }, 60_000);

  it('a server that never answers the final dot times out as unknown, received once', async () => {
    const server = await startRawSmtp({ afterData: 'silent' });
    servers.push(server);
    useMailer(server.url);
    await enrollMany(3);
    expect(await drainJobs(ctx)).toEqual(['unknown', 'unknown', 'unknown']);
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 3_600_000));
    await sweep(ctx.deps, { graceMs: 0 });
    expect(await drainJobs(ctx)).toEqual([]);
    expect(server.received.sort()).toEqual(['c0@example.com', 'c1@example.com', 'c2@example.com']);
    const rows = await allSends();
    expect(rows.map((r) => r.status)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(rows[0]?.error).toMatch(/ETIMEDOUT/);
  }, 30_000);
});

describe('SMTP failures before the message data still retry', () => {
  it('a drop at RCPT TO deletes the pending row; the retried job sends once', async () => {
    const server = await startRawSmtp({ atRcpt: 'drop' });
    servers.push(server);
    useMailer(server.url);
    await enrollMany(1);
    const { run } = await runNextEmailJob();
    await expect(run()).rejects.toThrow(/will retry/);
    expect(await allSends()).toEqual([]);
    expect(server.received).toEqual([]);
    restore?.();
    restore = null;
    // The retry (same payload) against a server that works: sent, once.
    const again = await ctx.boss.fetch('sequence.runEmail');
    expect(again).toEqual([]); // still active in the queue: the worker would fail and retry it
    const [job] = await ctx.handle.pool
      .query<{ data: Parameters<typeof runStep>[1] }>(
        `select data from pgboss.job where name = 'sequence.runEmail'`,
      )
      .then((r) => r.rows);
    expect(await runStep(ctx.deps, job!.data)).toBe('sent');
    expect(ctx.sink.messages).toHaveLength(1);
    expect((await allSends()).map((r) => r.status)).toEqual(['sent']);
  });

  it('a refused connection deletes the pending row and retries', async () => {
    useMailer(`smtp://127.0.0.1:${await closedPort()}`);
    await enrollMany(1);
    const { job, run } = await runNextEmailJob();
    await expect(run()).rejects.toThrow(/will retry/);
    expect(await allSends()).toEqual([]);
    restore?.();
    restore = null;
    expect(await runStep(ctx.deps, job.data)).toBe('sent');
    expect(ctx.sink.messages).toHaveLength(1);
  });
});
