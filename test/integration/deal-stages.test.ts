import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { crmPipelines, sequenceVersions } from '../../src/db/schema';
import { upsertContact } from '../../src/services/contacts';
import { applyDealDeletion } from '../../src/services/crm/deal-delete';
import { applyDealChange, type DealChange } from '../../src/services/crm/deal-rules';
import { enroll } from '../../src/services/sequences/enroll';
import { useTestContext } from '../helpers/context';
import { enrollmentRow, threeSteps } from '../helpers/engagement';
import { type Api, drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

// Monday 5 January 2026.
const ctx = useTestContext({ start: new Date('2026-01-05T14:00:00Z') });

const stages = [
  { id: 'appointmentscheduled', label: 'Appointment scheduled', closed: false, won: false },
  { id: 'contractsent', label: 'Contract sent', closed: false, won: false },
  { id: 'closedwon', label: 'Closed won', closed: true, won: true },
  { id: 'closedlost', label: 'Closed lost', closed: true, won: false },
];

async function seedPipeline(installationId: string, externalId = 'default') {
  await ctx.handle.db
    .insert(crmPipelines)
    .values({ installationId, externalId, label: 'Sales Pipeline', stages, updatedAt: ctx.clock.now() });
}

async function enrollAnn(api: Api, sequenceId: string): Promise<{ id: string; contactId: string }> {
  const res = await api.post('/v1/enrollments', {
    sequenceId,
    contact: { email: 'ann@example.com', firstName: 'Ann' },
  });
  if (res.status !== 201) throw new Error(`enroll: ${JSON.stringify(res.body)}`);
  return { id: res.body.enrollment.id, contactId: res.body.enrollment.contactId };
}

/** One contact in two sequences (`a` may carry draft extras), and the sales pipeline read from the CRM. */
async function twoSequences(aExtra: Record<string, unknown> = {}) {
  const s = await newInstallation(ctx);
  await seedPipeline(s.installationId);
  const seqA = await publishedSequence(s.api, threeSteps, aExtra);
  const seqB = await publishedSequence(s.api, threeSteps);
  const a = await enrollAnn(s.api, seqA.sequenceId);
  const b = await enrollAnn(s.api, seqB.sequenceId);
  let minute = 0;
  // Each change is newer than the one before, as the CRM's modification times would be.
  const deal = (stageId: string, extra: Partial<DealChange> = {}) =>
    applyDealChange(ctx.deps, s.installationId, {
      externalId: 'deal-1',
      pipelineId: 'default',
      stageId,
      contactIds: [a.contactId],
      occurredAt: new Date(Date.parse('2026-01-05T12:00:00Z') + ++minute * 60_000),
      ...extra,
    });
  return { ...s, seqA, a: a.id, b: b.id, contactId: a.contactId, deal };
}

const statusOf = async (id: string) => {
  const e = await enrollmentRow(ctx, id);
  return {
    status: e.status,
    pauseReason: e.pauseReason,
    pausedUntil: e.pausedUntil,
    exitReason: e.exitReason,
  };
};

describe('deal in progress', () => {
  it('an open stage pauses both enrollments and nothing is sent; a stale change is ignored; lost resumes', async () => {
    const s = await twoSequences();
    const jobA = (await enrollmentRow(ctx, s.a)).jobId!;
    expect(await s.deal('appointmentscheduled')).toBe('applied');
    for (const id of [s.a, s.b]) {
      expect(await statusOf(id)).toEqual({
        status: 'paused',
        pauseReason: 'deal_in_progress',
        pausedUntil: null,
        exitReason: null,
      });
    }
    expect((await ctx.boss.getJobById('sequence.runEmail', jobA))?.state).toBe('cancelled');
    expect(await drainJobs(ctx)).toEqual([]); // no step runs while paused
    expect(ctx.sink.messages).toHaveLength(0);

    // A closed-lost delivered late, older than what we hold: nothing moves.
    const stale = await applyDealChange(ctx.deps, s.installationId, {
      externalId: 'deal-1',
      pipelineId: 'default',
      stageId: 'closedlost',
      occurredAt: new Date('2026-01-05T11:00:00Z'),
    });
    expect(stale).toBe('stale');
    expect((await statusOf(s.a)).status).toBe('paused');

    // Open to open changes nothing, and a repeat of it is ignored.
    expect(await s.deal('contractsent')).toBe('applied');
    expect(await s.deal('contractsent')).toBe('ignored');
    expect((await statusOf(s.b)).status).toBe('paused');

    expect(await s.deal('closedlost')).toBe('applied');
    expect((await statusOf(s.a)).status).toBe('active');
    expect((await statusOf(s.b)).status).toBe('active');
    expect((await drainJobs(ctx)).filter((o) => o === 'sent')).toHaveLength(6);
    expect(ctx.sink.messages).toHaveLength(6);
  });

  it('a second open deal keeps the contact paused until it too is no longer in progress', async () => {
    const s = await twoSequences();
    await s.deal('appointmentscheduled');
    await s.deal('contractsent', { externalId: 'deal-2' });
    await s.deal('closedlost');
    expect((await statusOf(s.a)).status).toBe('paused');
    expect((await statusOf(s.b)).status).toBe('paused');
    // deal-2 loses its only contact: nothing holds Ann any more.
    await s.deal('contractsent', { externalId: 'deal-2', contactIds: [] });
    expect((await statusOf(s.a)).status).toBe('active');
    expect((await statusOf(s.b)).status).toBe('active');
  });

  it('a manual pause keeps its reason: the deal neither takes it over nor resumes it', async () => {
    const s = await twoSequences();
    await s.api.post(`/v1/enrollments/${s.b}/pause`, {});
    await s.deal('appointmentscheduled');
    expect(await statusOf(s.a)).toMatchObject({ status: 'paused', pauseReason: 'deal_in_progress' });
    expect(await statusOf(s.b)).toMatchObject({ status: 'paused', pauseReason: 'manual' });
    await s.deal('closedlost');
    expect((await statusOf(s.a)).status).toBe('active');
    expect(await statusOf(s.b)).toMatchObject({ status: 'paused', pauseReason: 'manual' });
  });

  it('closed-won exits live and paused enrollments', async () => {
    const s = await twoSequences();
    await s.api.post(`/v1/enrollments/${s.b}/pause`, {});
    expect((await statusOf(s.b)).pauseReason).toBe('manual');
    await s.deal('closedwon');
    for (const id of [s.a, s.b]) {
      expect(await statusOf(id)).toMatchObject({ status: 'removed', exitReason: 'deal_won' });
    }
    expect(await drainJobs(ctx)).toEqual([]);
  });

  it('a sequence that exits on lost ends while the other resumes; a pipeline may exit on lost', async () => {
    const s = await twoSequences({ dealLost: 'exit' });
    await s.deal('contractsent');
    await s.deal('closedlost');
    expect(await statusOf(s.a)).toMatchObject({ status: 'removed', exitReason: 'deal_lost' });
    expect((await statusOf(s.b)).status).toBe('active');

    const t = await twoSequences({ dealLost: 'resume' });
    expect(
      (await t.api.patch('/v1/settings/deal-stages', { pipelines: { default: { lost: 'exit' } } })).status,
    ).toBe(200);
    await t.deal('contractsent');
    await t.deal('closedlost');
    expect((await statusOf(t.a)).status).toBe('active'); // its own `resume` wins
    expect(await statusOf(t.b)).toMatchObject({ status: 'removed', exitReason: 'deal_lost' });
  });

  it('a deal deleted in the CRM releases its contacts; a restore pauses them again', async () => {
    const s = await twoSequences();
    await s.deal('appointmentscheduled');
    const remove = (at: string) =>
      applyDealDeletion(ctx.deps, s.installationId, { externalId: 'deal-1', occurredAt: new Date(at) });
    expect(await remove('2026-01-05T11:00:00Z')).toBe('stale'); // older than the stage we hold
    expect((await statusOf(s.a)).status).toBe('paused');
    expect(await remove('2026-01-05T13:00:00Z')).toBe('applied');
    expect((await statusOf(s.a)).status).toBe('active');
    expect((await statusOf(s.b)).status).toBe('active');
    expect(await remove('2026-01-05T13:05:00Z')).toBe('ignored');
    await s.deal('contractsent', { occurredAt: new Date('2026-01-05T14:00:00Z') });
    expect(await statusOf(s.a)).toMatchObject({ status: 'paused', pauseReason: 'deal_in_progress' });
  });

  it('a contact enrolled while its deal is open starts paused and resumes when the deal is lost', async () => {
    const s = await newInstallation(ctx);
    await seedPipeline(s.installationId);
    const first = await publishedSequence(s.api, threeSteps);
    const later = await publishedSequence(s.api, threeSteps);
    const a = await enrollAnn(s.api, first.sequenceId);
    const change = (stageId: string, minute: number) =>
      applyDealChange(ctx.deps, s.installationId, {
        externalId: 'deal-1',
        pipelineId: 'default',
        stageId,
        contactIds: [a.contactId],
        occurredAt: new Date(Date.parse('2026-01-05T12:00:00Z') + minute * 60_000),
      });
    await change('appointmentscheduled', 1);
    const b = await enrollAnn(s.api, later.sequenceId);
    expect(await statusOf(b.id)).toMatchObject({ status: 'paused', pauseReason: 'deal_in_progress' });
    expect(await drainJobs(ctx)).toEqual([]);
    await change('closedlost', 2);
    expect((await statusOf(b.id)).status).toBe('active');
  });
});

describe('deal in progress under concurrency', () => {
  it('a deal opening while its contacts enroll never leaves one of them running', async () => {
    const s = await newInstallation(ctx);
    await seedPipeline(s.installationId);
    const seq = await publishedSequence(s.api, threeSteps);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const c = await upsertContact(
        ctx.handle.db,
        s.installationId,
        { email: `c${i}@example.com` },
        ctx.clock.now(),
      );
      ids.push(c.id);
    }
    const results = await Promise.all(
      ids.flatMap((contactId, i) => [
        enroll(ctx.deps, {
          installationId: s.installationId,
          contactId,
          sequenceId: seq.sequenceId,
          source: 'api',
          actor: 'test',
        }),
        applyDealChange(ctx.deps, s.installationId, {
          externalId: `deal-${i}`,
          pipelineId: 'default',
          stageId: 'contractsent',
          contactIds: [contactId],
          occurredAt: new Date('2026-01-05T12:00:00Z'),
        }),
      ]),
    );
    const enrolled = results.flatMap((r) => (typeof r === 'object' && r.ok ? [r.value.enrollment.id] : []));
    expect(enrolled).toHaveLength(30);
    for (const id of enrolled) expect((await statusOf(id)).status).toBe('paused');
    expect(await drainJobs(ctx)).toEqual([]);
  });
});

describe('/v1/settings/deal-stages', () => {
  it('GET shows every stage with its action; PATCH round-trips; a stage set to none does not pause', async () => {
    const s = await twoSequences();
    const got = await s.api.get('/v1/settings/deal-stages');
    expect(got.status).toBe(200);
    expect(got.body.settings).toEqual({ enabled: true, pipelines: {} });
    expect(got.body.pipelines).toHaveLength(1);
    expect(got.body.pipelines[0]).toMatchObject({ id: 'default', enabled: true, lost: 'resume' });
    expect(got.body.pipelines[0].stages.map((x: { action: string }) => x.action)).toEqual([
      'pause',
      'pause',
      'won',
      'lost',
    ]);

    const patch = { pipelines: { default: { lost: 'exit', stages: { appointmentscheduled: 'none' } } } };
    const patched = await s.api.patch('/v1/settings/deal-stages', patch);
    expect(patched.status).toBe(200);
    const again = await s.api.get('/v1/settings/deal-stages');
    expect(again.body).toEqual(patched.body);
    expect(again.body.settings.pipelines.default).toEqual({
      enabled: true,
      lost: 'exit',
      stages: { appointmentscheduled: 'none' },
    });
    expect(again.body.pipelines[0].stages[0]).toMatchObject({ action: 'none', source: 'setting' });

    await s.deal('appointmentscheduled');
    expect((await statusOf(s.a)).status).toBe('active');
    await s.deal('contractsent');
    expect((await statusOf(s.a)).status).toBe('paused');

    const reset = await s.api.patch('/v1/settings/deal-stages', { pipelines: { default: null } });
    expect(reset.body.settings).toEqual({ enabled: true, pipelines: {} });
  });

  it('unknown pipelines and stages are 422 with the field path; a bad shape is 400', async () => {
    const s = await newInstallation(ctx);
    await seedPipeline(s.installationId);
    const unknownPipeline = await s.api.patch('/v1/settings/deal-stages', {
      pipelines: { nope: { lost: 'exit' } },
    });
    expect(unknownPipeline.status).toBe(422);
    expect(unknownPipeline.body.error).toMatchObject({ code: 'unprocessable' });
    expect(unknownPipeline.body.error.details.issues[0].path).toBe('pipelines.nope');
    const unknownStage = await s.api.patch('/v1/settings/deal-stages', {
      pipelines: { default: { stages: { ghost: 'none' } } },
    });
    expect(unknownStage.status).toBe(422);
    expect(unknownStage.body.error.message).toContain('pipelines.default.stages.ghost');
    const closedPause = await s.api.patch('/v1/settings/deal-stages', {
      pipelines: { default: { stages: { closedwon: 'pause' } } },
    });
    expect(closedPause.status).toBe(422);
    for (const bad of [
      { pipelines: { default: { lost: 'maybe' } } },
      { pipelines: { default: { stages: { contractsent: 'stop' } } } },
      { pipelines: { default: { colour: 'red' } } },
      { everything: true },
      { enabled: 'yes' },
      { pipelines: [] },
    ]) {
      const res = await s.api.patch('/v1/settings/deal-stages', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await s.api.get('/v1/settings/deal-stages')).body.settings).toEqual({
      enabled: true,
      pipelines: {},
    });
  });

  it("one installation cannot see or configure another's pipelines; the API key is required", async () => {
    const one = await newInstallation(ctx, 'One');
    await seedPipeline(one.installationId, 'one-pipeline');
    const two = await newInstallation(ctx, 'Two');
    expect((await two.api.get('/v1/settings/deal-stages')).body.pipelines).toEqual([]);
    const res = await two.api.patch('/v1/settings/deal-stages', {
      pipelines: { 'one-pipeline': { enabled: false } },
    });
    expect(res.status).toBe(422);
    const anonymous = await ctx.app.request('/v1/settings/deal-stages');
    expect(anonymous.status).toBe(401);
  });
});
