import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, crmOutbox, enrollments, sends } from '../../src/db/schema';
import { exitAllForContact, exitEnrollment } from '../../src/services/sequences/exit';
import { sweep } from '../../src/services/sequences/recovery';
import { runStep } from '../../src/services/sequences/run-step';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation, publishedSequence, sendRows } from '../helpers/fixtures';

const ctx = useTestContext();

const threeSteps = [
  { key: 'intro', subject: 'Intro' },
  { key: 'bump', subject: 'Bump', delay: { amount: 2, unit: 'days' } },
  { key: 'last', subject: 'Last', delay: { amount: 3, unit: 'days' } },
];

async function enrolled(email = 'ann@example.com', steps = threeSteps) {
  const setup = await newInstallation(ctx);
  const seq = await publishedSequence(setup.api, steps);
  const res = await setup.api.post('/v1/enrollments', {
    sequenceId: seq.sequenceId,
    contact: { email, firstName: 'Ann' },
  });
  expect(res.status).toBe(201);
  return {
    ...setup,
    ...seq,
    enrollmentId: res.body.enrollment.id as string,
    contactId: res.body.enrollment.contactId,
  };
}

async function enrollment(id: string) {
  const [row] = await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, id));
  return row!;
}

describe('sequence engine', () => {
  it('runs every step once, in order, then completes', async () => {
    const { enrollmentId, api } = await enrolled();
    const outcomes = await drainJobs(ctx);
    expect(outcomes).toEqual(['sent', 'sent', 'sent']);
    expect(ctx.sink.messages.map((m) => m.subject)).toEqual(['Intro', 'Bump', 'Last']);
    const done = await api.get(`/v1/enrollments/${enrollmentId}`);
    expect(done.body.status).toBe('completed');
    expect(done.body.events.map((e: { type: string }) => e.type)).toEqual([
      'enrolled',
      'step_scheduled',
      'email_sent',
      'step_scheduled',
      'email_sent',
      'step_scheduled',
      'email_sent',
      'completed',
    ]);
    const rows = await sendRows(ctx, enrollmentId);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('sends real SMTP with our Message-ID, one-click List-Unsubscribe and a text part', async () => {
    const { enrollmentId } = await enrolled();
    await drainJobs(ctx, 1);
    const [message] = ctx.sink.messages;
    const [send] = await sendRows(ctx, enrollmentId);
    expect(message?.messageId).toBe(send?.messageId);
    expect(message?.messageId).toMatch(/^<snd_[a-f0-9]{32}@tandem\.test>$/);
    expect(message?.headers['list-unsubscribe']).toMatch(/^<http:\/\/tandem\.test\/u\/snd_/);
    expect(message?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(message?.text).toContain('Hello Ann: Intro');
    expect(message?.html).toContain('Hello Ann: Intro');
  });

  it('a stale job (the contact already replied) sends nothing', async () => {
    const { enrollmentId } = await enrolled();
    const before = await enrollment(enrollmentId);
    const payload = {
      enrollmentId,
      stepKey: before.currentStepKey!,
      versionId: before.sequenceVersionId,
      stepCount: before.stepCount,
    };
    await ctx.handle.db.transaction((tx) =>
      exitEnrollment(ctx.deps, tx, enrollmentId, { type: 'reply' }, { reason: 'replied', actor: 'inbound' }),
    );
    expect(await runStep(ctx.deps, payload)).toBe('stale');
    expect(ctx.sink.messages).toHaveLength(0);
    expect(await sendRows(ctx, enrollmentId)).toHaveLength(0);
    expect((await enrollment(enrollmentId)).status).toBe('replied');
  });

  it('a job for a step the enrollment has moved past sends nothing', async () => {
    const { enrollmentId } = await enrolled();
    const before = await enrollment(enrollmentId);
    const oldPayload = {
      enrollmentId,
      stepKey: 'intro',
      versionId: before.sequenceVersionId,
      stepCount: before.stepCount,
    };
    await drainJobs(ctx, 1);
    expect(await runStep(ctx.deps, oldPayload)).toBe('stale');
    expect(ctx.sink.messages).toHaveLength(1);
  });

  it('publishing v2 leaves in-flight contacts on v1; new enrollments get v2', async () => {
    const { api, sequenceId, versionId: v1 } = await enrolled('first@example.com');
    await drainJobs(ctx, 1); // first is now on v1 step 2
    const t = await api.post('/v1/templates', { name: 'new', subject: 'V2 only', html: '<p>v2</p>' });
    await api.patch(`/v1/sequences/${sequenceId}`, {
      draft: { steps: [{ key: 'v2-intro', kind: 'email', templateId: t.body.id }] },
    });
    const pub = await api.post(`/v1/sequences/${sequenceId}/publish`);
    expect(pub.body.version).toBe(2);
    // Editing a template after publishing changes neither version's content.
    await api.patch(`/v1/templates/${t.body.id}`, { subject: 'Edited later' });
    const second = await api.post('/v1/enrollments', {
      sequenceId,
      contact: { email: 'second@example.com' },
    });
    expect(second.body.enrollment.versionId).toBe(pub.body.versionId);
    await drainJobs(ctx);
    const bySubject = ctx.sink.messages.map((m) => `${m.to[0]}:${m.subject}`).sort();
    expect(bySubject).toEqual([
      'first@example.com:Bump',
      'first@example.com:Intro',
      'first@example.com:Last',
      'second@example.com:V2 only',
    ]);
    const first = await api.get(
      `/v1/contacts/${(await enrollment(second.body.enrollment.id)).contactId}/enrollments`,
    );
    expect(first.body.data[0].versionId).toBe(pub.body.versionId);
    const versions = await api.get(`/v1/sequences/${sequenceId}/versions`);
    expect(versions.body.data.map((v: { id: string }) => v.id)).toEqual([v1, pub.body.versionId]);
  });

  it('opt-out during a pending step cancels the job and, even if it runs, nothing is sent', async () => {
    const { enrollmentId, contactId, installationId } = await enrolled();
    await drainJobs(ctx, 1);
    const pending = await enrollment(enrollmentId);
    const payload = {
      enrollmentId,
      stepKey: pending.currentStepKey!,
      versionId: pending.sequenceVersionId,
      stepCount: pending.stepCount,
    };
    await ctx.handle.db.transaction(async (tx) => {
      await tx
        .update(contacts)
        .set({ suppressedAt: ctx.clock.now(), suppressionReason: 'unsubscribed' })
        .where(eq(contacts.id, contactId));
      await exitAllForContact(
        ctx.deps,
        tx,
        { installationId, contactId },
        { type: 'opt_out' },
        {
          reason: 'unsubscribed',
          actor: 'test',
        },
      );
    });
    const job = await ctx.boss.getJobById('sequence.runEmail', pending.jobId!);
    expect(job?.state).toBe('cancelled');
    expect(await runStep(ctx.deps, payload)).toBe('stale');
    expect(await drainJobs(ctx)).toEqual([]);
    expect(ctx.sink.messages).toHaveLength(1);
    expect((await enrollment(enrollmentId)).status).toBe('opted_out');
  });

  it('the send gate refuses a suppressed contact even if the enrollment was left active', async () => {
    const { enrollmentId, contactId } = await enrolled();
    await ctx.handle.db
      .update(contacts)
      .set({ suppressedAt: ctx.clock.now(), suppressionReason: 'hard_bounced' })
      .where(eq(contacts.id, contactId));
    expect(await drainJobs(ctx)).toEqual(['exited']);
    expect(ctx.sink.messages).toHaveLength(0);
    expect((await enrollment(enrollmentId)).status).toBe('bounced');
  });

  it('pause cancels the due step; resume reschedules it; the old job stays harmless', async () => {
    const { enrollmentId, api } = await enrolled();
    await drainJobs(ctx, 1);
    const before = await enrollment(enrollmentId);
    const paused = await api.post(`/v1/enrollments/${enrollmentId}/pause`, { note: 'on holiday' });
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');
    expect((await ctx.boss.getJobById('sequence.runEmail', before.jobId!))?.state).toBe('cancelled');
    const stale = {
      enrollmentId,
      stepKey: 'bump',
      versionId: before.sequenceVersionId,
      stepCount: before.stepCount,
    };
    expect(await runStep(ctx.deps, stale)).toBe('stale');
    expect((await api.post(`/v1/enrollments/${enrollmentId}/pause`)).status).toBe(200);
    const resumed = await api.post(`/v1/enrollments/${enrollmentId}/resume`);
    expect(resumed.body.status).toBe('active');
    expect(resumed.body.currentStepKey).toBe('bump');
    expect(await runStep(ctx.deps, stale)).toBe('stale');
    expect(await drainJobs(ctx)).toEqual(['sent', 'sent']);
    expect((await api.post(`/v1/enrollments/${enrollmentId}/resume`)).status).toBe(409);
  });

  it('a timed pause resumes by itself', async () => {
    const { enrollmentId, api } = await enrolled();
    const until = new Date(ctx.clock.now().getTime() + 3_600_000).toISOString();
    await api.post(`/v1/enrollments/${enrollmentId}/pause`, { until });
    const paused = await enrollment(enrollmentId);
    expect(paused.jobName).toBe('sequence.resumePaused');
    const { createHandlers } = await import('../../src/worker/handlers');
    ctx.clock.set(new Date(until));
    const [job] = await ctx.boss.fetch<{ enrollmentId: string }>('sequence.resumePaused');
    expect(job?.id).toBe(paused.jobId);
    await createHandlers(ctx.deps)['sequence.resumePaused']!({ enrollmentId }, job!);
    expect((await enrollment(enrollmentId)).status).toBe('active');
  });

  it('task and update_crm steps are recorded for the connectors exactly once', async () => {
    const { api } = await newInstallation(ctx);
    const seq = await api.post('/v1/sequences', {
      name: 'Tasks',
      draft: {
        steps: [
          { key: 'call', kind: 'task', subject: 'Call them', dueInDays: 1 },
          { key: 'stage', kind: 'update_crm', property: 'lifecyclestage', value: 'salesqualifiedlead' },
        ],
      },
    });
    await api.post(`/v1/sequences/${seq.body.id}/publish`);
    const res = await api.post('/v1/enrollments', {
      sequenceId: seq.body.id,
      contact: { email: 'task@example.com' },
    });
    expect(await drainJobs(ctx)).toEqual(['advanced', 'advanced']);
    const rows = await ctx.handle.db.select().from(crmOutbox);
    expect(rows.map((r) => r.kind).sort()).toEqual(['property_update', 'task']);
    expect((await enrollment(res.body.enrollment.id)).status).toBe('completed');
  });

  it('branch steps route on a condition', async () => {
    const { api } = await newInstallation(ctx);
    const t = await api.post('/v1/templates', { name: 'a', subject: 'Taken', html: '<p>x</p>' });
    const seq = await api.post('/v1/sequences', {
      name: 'Branchy',
      draft: {
        steps: [
          { key: 'check', kind: 'branch', condition: { signal: 'replied' }, ifTrue: null, ifFalse: 'nudge' },
          { key: 'nudge', kind: 'email', templateId: t.body.id },
        ],
      },
    });
    expect((await api.post(`/v1/sequences/${seq.body.id}/publish`)).status).toBe(201);
    await api.post('/v1/enrollments', { sequenceId: seq.body.id, contact: { email: 'b@example.com' } });
    expect(await drainJobs(ctx)).toEqual(['advanced', 'sent']);
  });

  it('the recovery sweep re-enqueues an active enrollment whose job was lost', async () => {
    const { enrollmentId } = await enrolled();
    const lost = await enrollment(enrollmentId);
    await ctx.handle.db.execute(sql`delete from pgboss.job where id::text = ${lost.jobId}`);
    ctx.clock.set(new Date(lost.stepDueAt!.getTime() + 5 * 60_000));
    const report = await sweep(ctx.deps);
    expect(report.requeued).toBe(1);
    const after = await enrollment(enrollmentId);
    expect(after.jobId).not.toBe(lost.jobId);
    expect(await drainJobs(ctx)).toEqual(['sent', 'sent', 'sent']);
    expect((await sweep(ctx.deps)).requeued).toBe(0);
  });

  it('a send left pending by a crash is marked unknown, reported and never sent again', async () => {
    const { enrollmentId } = await enrolled();
    const e = await enrollment(enrollmentId);
    await ctx.handle.db.insert(sends).values({
      id: 'snd_00000000000000000000000000000001',
      installationId: e.installationId,
      enrollmentId,
      contactId: e.contactId,
      stepKey: 'intro',
      status: 'pending',
      messageId: '<snd_00000000000000000000000000000001@tandem.test>',
      toAddress: 'ann@example.com',
      subject: 'Intro',
      createdAt: ctx.clock.now(),
    });
    expect(await drainJobs(ctx)).toEqual(['advanced', 'sent', 'sent']);
    expect(ctx.sink.messages.map((m) => m.subject)).toEqual(['Bump', 'Last']);
    const rows = await sendRows(ctx, enrollmentId);
    expect(rows.find((r) => r.stepKey === 'intro')?.status).toBe('unknown');
    expect((await sweep(ctx.deps)).unknownTotal).toBe(1);
  });

  it('a contact deleted in the CRM leaves every sequence at once and gets nothing more', async () => {
    const { api, enrollmentId, contactId } = await enrolled();
    const other = await publishedSequence(api, [{ key: 'x', subject: 'Other' }]);
    const second = await api.post('/v1/enrollments', { sequenceId: other.sequenceId, contactId });
    const pending = await enrollment(enrollmentId);
    const res = await api.delete(`/v1/contacts/${contactId}`);
    expect(res.status).toBe(200);
    expect((res.body.exitedEnrollments as string[]).sort()).toEqual(
      [enrollmentId, second.body.enrollment.id].sort(),
    );
    expect((await ctx.boss.getJobById('sequence.runEmail', pending.jobId!))?.state).toBe('cancelled');
    expect(await drainJobs(ctx)).toEqual([]);
    expect(ctx.sink.messages).toHaveLength(0);
    const after = await enrollment(enrollmentId);
    expect(after.status).toBe('removed');
    expect(after.exitReason).toBe('contact_deleted');
    const again = await api.post('/v1/enrollments', { sequenceId: other.sequenceId, contactId });
    expect(again.status).toBe(422);
  });
});
