import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../src/db/queries/enrollments';
import { enrollments } from '../../src/db/schema';
import { runStep } from '../../src/services/sequences/run-step';
import { apiWithPut, DAY, drainConcurrently, HOUR, publishSteps, sendsOf } from '../helpers/cadence';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation } from '../helpers/fixtures';

const ctx = useTestContext();

async function enrollmentRow(id: string) {
  const [row] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, id));
  return row!;
}

const payloadOf = (e: Awaited<ReturnType<typeof enrollmentRow>>) => ({
  enrollmentId: e.id,
  stepKey: e.currentStepKey!,
  versionId: e.sequenceVersionId,
  stepCount: e.stepCount,
});

describe('send gate across sequences (invariant 6)', () => {
  it('two sequences due at the same moment, run in parallel, send at least the spacing apart', async () => {
    const { api } = await newInstallation(ctx);
    const a = await publishSteps(api, [{ key: 'a1', subject: 'From A' }]);
    const b = await publishSteps(api, [{ key: 'b1', subject: 'From B' }]);
    // Several contacts at once, so the race happens many times in one run.
    const pairs: Array<{ contactId: string; ids: [string, string] }> = [];
    for (let i = 0; i < 4; i++) {
      const contact = await api.post('/v1/contacts', { email: `pair${i}@example.com` });
      const ea = await api.post('/v1/enrollments', { sequenceId: a.sequenceId, contactId: contact.body.id });
      const eb = await api.post('/v1/enrollments', { sequenceId: b.sequenceId, contactId: contact.body.id });
      pairs.push({ contactId: contact.body.id, ids: [ea.body.enrollment.id, eb.body.enrollment.id] });
    }
    const rows = await Promise.all(pairs.flatMap((p) => p.ids).map(enrollmentRow));
    // Both steps of each contact are due at the same instant (planning saw no mail yet).
    for (const p of pairs) {
      const [ra, rb] = p.ids.map((id) => rows.find((r) => r.id === id)!);
      expect(ra!.stepDueAt!.getTime()).toBe(rb!.stepDueAt!.getTime());
    }
    ctx.clock.set(rows[0]!.stepDueAt!);
    const outcomes = await Promise.all(rows.map((r) => runStep(ctx.deps, payloadOf(r))));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'rescheduled')).toHaveLength(4);

    for (const p of pairs) {
      const states = await Promise.all(p.ids.map(enrollmentRow));
      const gated = states.find((s) => s.status === 'active')!;
      expect(states.filter((s) => s.status === 'completed')).toHaveLength(1);
      const events = await listEvents(ctx.handle.db, gated.id);
      const gate = events.find((ev) => ev.type === 'send_gated');
      expect(gate?.reason).toBe('spacing');
      expect(gate?.actor).toBe('send_gate');
      expect(gate?.data.reasons).toContain('spacing');
      // Rescheduled to exactly 24 h after the first mail: still inside Mon-Fri 09-17 UTC.
      expect(gated.stepDueAt!.getTime()).toBe(ctx.clock.now().getTime() + 24 * HOUR);
    }
    // The jobs run above by hand are stale now; the gated steps' new jobs send.
    expect((await drainJobs(ctx)).filter((o) => o !== 'stale')).toEqual(['sent', 'sent', 'sent', 'sent']);
    for (const p of pairs) {
      const mails = await sendsOf(ctx, p.contactId);
      expect(mails.map((m) => m.status)).toEqual(['sent', 'sent']);
      const gap = mails[1]!.sentAt!.getTime() - mails[0]!.sentAt!.getTime();
      expect(gap).toBeGreaterThanOrEqual(24 * HOUR);
      // The rescheduled send says why it went out when it did.
      expect(mails[1]!.reasons).toContain('spacing');
      expect(mails[1]!.plannedAt?.getTime()).toBe(mails[1]!.sentAt!.getTime());
      expect(mails[1]!.zone).toBe('UTC');
      expect(mails[1]!.zoneSource).toBe('default');
    }
  });

  it('a contact in 5 sequences never exceeds the cap in any rolling window, and no step is dropped', async () => {
    const { api } = await newInstallation(ctx);
    const contact = await api.post('/v1/contacts', { email: 'busy@example.com', country: 'DE' });
    const enrolled: string[] = [];
    for (let s = 0; s < 5; s++) {
      const seq = await publishSteps(api, [
        { key: `s${s}-1`, subject: `S${s} one` },
        { key: `s${s}-2`, subject: `S${s} two`, delay: { amount: 1, unit: 'days' } },
        { key: `s${s}-3`, subject: `S${s} three`, delay: { amount: 1, unit: 'business_days' } },
      ]);
      const res = await api.post('/v1/enrollments', {
        sequenceId: seq.sequenceId,
        contactId: contact.body.id,
      });
      enrolled.push(res.body.enrollment.id);
    }
    const log = await drainConcurrently(ctx);
    expect(log.some((l) => l.outcome === 'rescheduled')).toBe(true);

    const mails = await sendsOf(ctx, contact.body.id);
    expect(mails).toHaveLength(15);
    expect(mails.every((m) => m.status === 'sent')).toBe(true);
    for (const id of enrolled) expect((await enrollmentRow(id)).status).toBe('completed');
    const times = mails.map((m) => m.sentAt!.getTime()).sort((x, y) => x - y);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(24 * HOUR);
    }
    // Any rolling 7-day window [t, t + 7d) holds at most 3 mails; the densest start at a send.
    for (const t of times) {
      expect(times.filter((x) => x >= t && x < t + 7 * DAY).length).toBeLessThanOrEqual(3);
    }
    // The cap (not only the spacing) shaped the schedule, and said so.
    const gateReasons = new Set<string>();
    for (const id of enrolled) {
      for (const ev of await listEvents(ctx.handle.db, id)) {
        if (ev.type === 'send_gated' || ev.type === 'step_scheduled') {
          for (const r of (ev.data.reasons as string[] | undefined) ?? []) gateReasons.add(r);
        }
      }
    }
    expect(gateReasons).toContain('cap');
    expect(gateReasons).toContain('spacing');
  });

  it('task steps do not count toward the spacing and cap unless configured', async () => {
    const { api, key } = await newInstallation(ctx);
    const steps = [
      { key: 'mail', subject: 'Mail' },
      { key: 'call', kind: 'task' as const, subject: 'Call', delay: { amount: 1, unit: 'hours' as const } },
    ];
    const taskPlan = async (email: string) => {
      const seq = await publishSteps(api, steps);
      const contact = await api.post('/v1/contacts', { email });
      const res = await api.post('/v1/enrollments', {
        sequenceId: seq.sequenceId,
        contactId: contact.body.id,
      });
      expect(await drainJobs(ctx)).toEqual(['sent', 'advanced']);
      const [mail] = await sendsOf(ctx, contact.body.id);
      const events = await listEvents(ctx.handle.db, res.body.enrollment.id);
      const call = events.filter((e) => e.type === 'step_scheduled').at(-1)!;
      return { sentAt: mail!.sentAt!.getTime(), dueAt: Date.parse(call.data.dueAt as string), call };
    };
    const uncounted = await taskPlan('tasks@example.com');
    expect(uncounted.dueAt).toBe(uncounted.sentAt + HOUR);

    const put = await apiWithPut(ctx, key).put('/v1/settings/cadence', { countTasksTowardCap: true });
    expect(put.status).toBe(200);
    const counted = await taskPlan('tasks2@example.com');
    expect(counted.call.data.reasons).toContain('spacing');
    expect(counted.dueAt).toBeGreaterThanOrEqual(counted.sentAt + 24 * HOUR);
  });
});
