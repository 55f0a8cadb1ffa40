import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enrollmentEvents, enrollments, sends } from '../../src/db/schema';
import type { JobPayload } from '../../src/jobs/catalog';
import { decideSend } from '../../src/services/cadence/gate';
import { runEmailSteps, type StepResult } from '../../src/services/sequences/email-batch';
import { HANDOFF_MARGIN_MS } from '../../src/services/sequences/email-decide';
import { useTestContext } from '../helpers/context';
import { newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

type Payload = JobPayload<'sequence.runEmail'>;

const twoSteps = [
  { key: 'intro', subject: 'Intro' },
  { key: 'bump', subject: 'Bump', delay: { amount: 2, unit: 'days' } },
];

/** Enrolls each address in each sequence, and returns the due email jobs' payloads, clock at their time. */
async function dueBatch(emails: string[], sequences = 1): Promise<{ payloads: Payload[]; ids: string[] }> {
  const { api } = await newInstallation(ctx);
  const ids: string[] = [];
  for (let s = 0; s < sequences; s++) {
    const seq = await publishedSequence(api, twoSteps);
    for (const email of emails) {
      const res = await api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contact: { email } });
      expect(res.status).toBe(201);
      ids.push(res.body.enrollment.id);
    }
  }
  const jobs = await ctx.boss.fetch<Payload>('sequence.runEmail', { batchSize: 100 });
  const rows = await ctx.handle.db.select().from(enrollments).where(inArray(enrollments.id, ids));
  const due = Math.max(...rows.map((r) => r.stepDueAt!.getTime()));
  ctx.clock.set(new Date(due));
  return { payloads: jobs.map((j) => j.data), ids };
}

const outcomes = (results: StepResult[]) => results.map((r) => (r.ok ? r.outcome : 'error'));

async function eventTypes(enrollmentId: string) {
  const rows = await ctx.handle.db
    .select()
    .from(enrollmentEvents)
    .where(eq(enrollmentEvents.enrollmentId, enrollmentId))
    .orderBy(enrollmentEvents.id);
  return rows.map((r) => r.type);
}

/** When the window holding the enrollment's due time closes, as the gate sees it at the clock's now. */
async function windowEnd(enrollmentId: string) {
  const [row] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, enrollmentId));
  if (!row) throw new Error(`no enrollment ${enrollmentId}`);
  const gate = await decideSend(ctx.handle.db, ctx.deps.logger, {
    installationId: row.installationId,
    enrollmentId: row.id,
    stepKey: 'intro',
    stepCadence: undefined,
    sequenceCadence: {},
    contact: { id: row.contactId, crmTimeZone: null, country: null, region: null },
    now: ctx.clock.now(),
  });
  if (!gate.allowed) throw new Error('the due time should be inside the window');
  return { row, sendBy: gate.sendBy };
}

describe('email steps in batches', () => {
  it('sends each due step once, with its story in order; duplicates and stale jobs do nothing', async () => {
    const emails = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];
    const { payloads, ids } = await dueBatch(emails);
    expect(payloads).toHaveLength(4);
    const first = payloads[0]!;
    const stale = { ...payloads[1]!, stepCount: payloads[1]!.stepCount! + 7 };
    const results = await runEmailSteps(ctx.deps, [...payloads, first, stale]);
    expect(outcomes(results)).toEqual(['sent', 'sent', 'sent', 'sent', 'stale', 'stale']);
    expect(ctx.sink.messages.map((m) => m.to[0]).sort()).toEqual(emails);
    for (const id of ids) {
      expect(await eventTypes(id)).toEqual(['enrolled', 'step_scheduled', 'email_sent', 'step_scheduled']);
      const [row] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, id));
      expect(row?.currentStepKey).toBe('bump');
      expect(row?.stepCount).toBe(2);
    }
    // The next steps' jobs, one each, made by one insert (pg-boss keeps its own clock, so they fetch).
    const bumps = await ctx.boss.fetch<Payload>('sequence.runEmail', { batchSize: 100 });
    expect(bumps.map((j) => [j.data.stepKey, j.data.stepCount])).toEqual(ids.map(() => ['bump', 2]));
    expect(new Set(bumps.map((j) => j.data.enrollmentId))).toEqual(new Set(ids));
    const rows = await ctx.handle.db.select().from(sends).where(inArray(sends.enrollmentId, ids));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('a contact due in two sequences in one batch gets one mail; the other waits for the spacing', async () => {
    const { payloads, ids } = await dueBatch(['ann@example.com', 'bob@example.com'], 2);
    expect(payloads).toHaveLength(4);
    const results = await runEmailSteps(ctx.deps, payloads);
    expect(outcomes(results).sort()).toEqual(['rescheduled', 'rescheduled', 'sent', 'sent']);
    expect(ctx.sink.messages.map((m) => m.to[0]).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    const gated = await ctx.handle.db
      .select()
      .from(enrollmentEvents)
      .where(inArray(enrollmentEvents.enrollmentId, ids));
    expect(gated.filter((e) => e.type === 'send_gated').map((e) => e.reason)).toEqual(['spacing', 'spacing']);
  });

  it('two workers running the same jobs at once send each step once', async () => {
    const emails = Array.from({ length: 8 }, (_, i) => `p${i}@example.com`);
    const { payloads } = await dueBatch(emails);
    const [one, two] = await Promise.all([
      runEmailSteps(ctx.deps, payloads),
      runEmailSteps(ctx.deps, [...payloads].reverse()),
    ]);
    const all = [...outcomes(one!), ...outcomes(two!)];
    expect(all.filter((o) => o === 'sent')).toHaveLength(8);
    expect(all.filter((o) => o !== 'sent' && o !== 'stale')).toEqual([]);
    expect(ctx.sink.messages.map((m) => m.to[0]).sort()).toEqual([...emails].sort());
  });

  it('a window that closes between the decision and the hand-off re-plans the step as late, unsent', async () => {
    const { payloads, ids } = await dueBatch(['late@example.com']);
    const { row, sendBy } = await windowEnd(ids[0]!);
    // Two seconds per reading: the batch decides 1 s before the hand-off deadline (the window's end
    // less the margin left to SMTP), and the hand-off check reads 1 s after it.
    let t = sendBy.getTime() - HANDOFF_MARGIN_MS - 3000;
    const ticking = {
      now: () => {
        t += 2000;
        return new Date(t);
      },
    };
    const results = await runEmailSteps({ ...ctx.deps, clock: ticking }, payloads);
    expect(outcomes(results)).toEqual(['rescheduled']);
    expect(ctx.sink.messages).toHaveLength(0);
    expect(await ctx.handle.db.select().from(sends).where(eq(sends.enrollmentId, row.id))).toEqual([]);
    const events = await ctx.handle.db
      .select()
      .from(enrollmentEvents)
      .where(eq(enrollmentEvents.enrollmentId, row.id))
      .orderBy(enrollmentEvents.id);
    const moved = events.at(-1)!;
    expect(moved.type).toBe('send_gated');
    expect(moved.reason).toBe('late');
    const [after] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, row.id));
    expect(after!.stepDueAt!.getTime()).toBeGreaterThan(sendBy.getTime() + 3600_000);
  });

  it('a step due in the last seconds of its window is re-planned as late, not started', async () => {
    const { payloads, ids } = await dueBatch(['edge@example.com']);
    const { row, sendBy } = await windowEnd(ids[0]!);
    // Inside the window, but less than the margin before it closes.
    ctx.clock.set(new Date(sendBy.getTime() - HANDOFF_MARGIN_MS / 2));
    expect(outcomes(await runEmailSteps(ctx.deps, payloads))).toEqual(['rescheduled']);
    expect(ctx.sink.messages).toHaveLength(0);
    const events = await ctx.handle.db
      .select()
      .from(enrollmentEvents)
      .where(eq(enrollmentEvents.enrollmentId, row.id));
    expect(events.filter((e) => e.type === 'send_gated').map((e) => e.reason)).toEqual(['late']);
  });
});
