import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../src/db/queries/enrollments';
import { enrollments } from '../../src/db/schema';
import { runStep } from '../../src/services/sequences/run-step';
import { drainConcurrently, inWindow, local, publishSteps, sendsOf } from '../helpers/cadence';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation } from '../helpers/fixtures';

const ctx = useTestContext();
const NY = 'America/New_York';

async function enrollmentRow(id: string) {
  const [row] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, id));
  return row!;
}

describe('send window in the contact zone', () => {
  it('a contact in America/New_York never gets mail outside 09:00-17:00 Mon-Fri local, across DST', async () => {
    const { api } = await newInstallation(ctx);
    // No CRM zone: inferred from country and state.
    const contact = await api.post('/v1/contacts', { email: 'ny@example.com', country: 'US', region: 'NY' });
    expect(contact.body.zone).toEqual({ name: NY, source: 'inferred' });
    const sequences = [
      await publishSteps(api, [
        { key: 'x1' },
        { key: 'x2', delay: { amount: 26, unit: 'hours' } },
        { key: 'x3', delay: { amount: 2, unit: 'business_days' } },
      ]),
      await publishSteps(api, [
        { key: 'y1', delay: { amount: 7, unit: 'hours' } },
        { key: 'y2', kind: 'wait', delay: { amount: 3, unit: 'hours' } },
        { key: 'y3', delay: { amount: 1, unit: 'days' } },
      ]),
      await publishSteps(api, [
        { key: 'z1', kind: 'task', subject: 'Call' },
        { key: 'z2', delay: { amount: 90, unit: 'minutes' } },
        { key: 'z3', delay: { amount: 3, unit: 'days' } },
      ]),
    ];
    // Monday 18:30 in New York: after the window closed.
    ctx.clock.set(new Date('2026-03-02T23:30:00Z'));
    for (const s of sequences) {
      await api.post('/v1/enrollments', { sequenceId: s.sequenceId, contactId: contact.body.id });
    }
    await drainConcurrently(ctx);
    const mails = await sendsOf(ctx, contact.body.id);
    expect(mails).toHaveLength(7);
    for (const m of mails) {
      expect(m.status).toBe('sent');
      expect(inWindow(m.sentAt!, NY), `${local(m.sentAt!, NY).toISO()} is outside the window`).toBe(true);
      expect(m.zone).toBe(NY);
      expect(m.zoneSource).toBe('inferred');
    }
    // Both sides of the 8 March change are covered (EST -05:00 and EDT -04:00).
    const offsets = new Set(mails.map((m) => local(m.sentAt!, NY).offset));
    expect(offsets).toEqual(new Set([-300, -240]));
  });

  it('a business-day delay from Friday lands on Monday at the same local time', async () => {
    const { api } = await newInstallation(ctx);
    const seq = await publishSteps(api, [
      { key: 'fri' },
      { key: 'mon', delay: { amount: 1, unit: 'business_days' } },
    ]);
    ctx.clock.set(new Date('2026-03-06T15:00:00Z')); // Friday 10:00 EST
    const res = await api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: 'bd@example.com', timeZone: NY },
    });
    expect(await drainJobs(ctx)).toEqual(['sent', 'sent']);
    const [fri, mon] = await sendsOf(ctx, res.body.enrollment.contactId);
    expect(local(fri!.sentAt!, NY).toFormat('ccc HH:mm')).toBe('Fri 10:00');
    // Monday 10:00 local, now EDT: the weekend is not counted and the clock time is kept across DST.
    expect(local(mon!.sentAt!, NY).toFormat('ccc yyyy-MM-dd HH:mm ZZ')).toBe('Mon 2026-03-09 10:00 -04:00');
    expect(mon!.reasons).toContain('business_days');
    expect(mon!.zoneSource).toBe('crm');
  });

  it('a step due Friday 16:59 local that the spacing blocks moves to Monday morning', async () => {
    const { api } = await newInstallation(ctx);
    const late = await publishSteps(api, [{ key: 'late', delay: { amount: 179, unit: 'minutes' } }]);
    const early = await publishSteps(api, [{ key: 'early', delay: { amount: 60, unit: 'minutes' } }]);
    const contact = await api.post('/v1/contacts', { email: 'fri@example.com', timeZone: NY });
    ctx.clock.set(new Date('2026-03-06T19:00:00Z')); // Friday 14:00 EST
    const a = await api.post('/v1/enrollments', { sequenceId: late.sequenceId, contactId: contact.body.id });
    await api.post('/v1/enrollments', { sequenceId: early.sequenceId, contactId: contact.body.id });
    const planned = await enrollmentRow(a.body.enrollment.id);
    expect(local(planned.stepDueAt!, NY).toFormat('ccc HH:mm')).toBe('Fri 16:59');

    await drainConcurrently(ctx);
    const [first, second] = await sendsOf(ctx, contact.body.id);
    expect(first!.stepKey).toBe('early');
    expect(local(first!.sentAt!, NY).toFormat('ccc HH:mm')).toBe('Fri 15:00');
    expect(second!.stepKey).toBe('late');
    const monday = local(second!.sentAt!, NY);
    expect(monday.toFormat('ccc yyyy-MM-dd')).toBe('Mon 2026-03-09');
    expect(monday.hour).toBe(9); // the window start plus this contact's jitter (< 1 h)
    const gate = (await listEvents(ctx.handle.db, a.body.enrollment.id)).find((e) => e.type === 'send_gated');
    expect(gate?.reason).toBe('spacing');
    expect(gate?.data.reasons).toEqual(expect.arrayContaining(['spacing', 'weekend']));
    expect(second!.reasons).toEqual(expect.arrayContaining(['spacing', 'weekend']));
  });

  it('a job that runs after the window closed is moved to the next slot, not sent', async () => {
    const { api } = await newInstallation(ctx);
    const seq = await publishSteps(api, [{ key: 'only', delay: { amount: 179, unit: 'minutes' } }]);
    ctx.clock.set(new Date('2026-03-03T19:00:00Z')); // Tuesday 14:00 EST
    const res = await api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: 'late@example.com', timeZone: NY },
    });
    const e = await enrollmentRow(res.body.enrollment.id);
    // The worker was busy: the job runs 31 minutes late, at 17:30 local.
    ctx.clock.set(new Date(e.stepDueAt!.getTime() + 31 * 60_000));
    const payload = {
      enrollmentId: e.id,
      stepKey: 'only',
      versionId: e.sequenceVersionId,
      stepCount: e.stepCount,
    };
    expect(await runStep(ctx.deps, payload)).toBe('rescheduled');
    expect(ctx.sink.messages).toHaveLength(0);
    const moved = await enrollmentRow(e.id);
    expect(local(moved.stepDueAt!, NY).toFormat('ccc')).toBe('Wed');
    expect(inWindow(moved.stepDueAt!, NY)).toBe(true);
    const gate = (await listEvents(ctx.handle.db, e.id)).find((ev) => ev.type === 'send_gated');
    // Planned inside the window, run after it closed: the event says the job was late.
    expect(gate?.reason).toBe('late');
    expect(gate?.data.reasons).toEqual(expect.arrayContaining(['late']));
    expect((await drainJobs(ctx)).filter((o) => o !== 'stale')).toEqual(['sent']);
  });

  it('resume re-plans the due step into the window', async () => {
    const { api } = await newInstallation(ctx);
    const seq = await publishSteps(api, [{ key: 'r1' }, { key: 'r2', delay: { amount: 1, unit: 'days' } }]);
    ctx.clock.set(new Date('2026-03-02T15:00:00Z')); // Monday 10:00 EST
    const res = await api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: 'resume@example.com', timeZone: NY },
    });
    const id = res.body.enrollment.id;
    expect(await drainJobs(ctx, 1)).toEqual(['sent']);
    expect((await api.post(`/v1/enrollments/${id}/pause`, {})).status).toBe(200);
    ctx.clock.set(new Date('2026-03-07T16:00:00Z')); // Saturday 11:00 EST
    const resumed = await api.post(`/v1/enrollments/${id}/resume`, {});
    expect(resumed.status).toBe(200);
    const row = await enrollmentRow(id);
    expect(local(row.stepDueAt!, NY).toFormat('ccc yyyy-MM-dd')).toBe('Mon 2026-03-09');
    expect(inWindow(row.stepDueAt!, NY)).toBe(true);
    const event = (await listEvents(ctx.handle.db, id)).find((e) => e.type === 'resumed');
    expect(event?.data.reasons).toContain('weekend');
    expect(event?.data.zone).toBe(NY);
    expect(await drainJobs(ctx)).toEqual(['sent']);
    const mails = await sendsOf(ctx, res.body.enrollment.contactId);
    expect(mails.every((m) => inWindow(m.sentAt!, NY))).toBe(true);
  });
});
