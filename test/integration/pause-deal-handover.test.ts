import { describe, expect, it } from 'vitest';
import { crmPipelines } from '../../src/db/schema';
import { applyDealChange } from '../../src/services/crm/deal-rules';
import { createHandlers } from '../../src/worker/handlers';
import { useTestContext } from '../helpers/context';
import { enrollmentRow, threeSteps } from '../helpers/engagement';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext({ start: new Date('2026-01-05T14:00:00Z') });

const stages = [
  { id: 'open', label: 'Open', closed: false, won: false },
  { id: 'closedlost', label: 'Closed lost', closed: true, won: false },
];

describe('a timed pause that ends while a deal is in progress', () => {
  it('hands over to the deal: the enrollment stays paused (deal_in_progress), nothing is sent, lost resumes it', async () => {
    const s = await newInstallation(ctx);
    await ctx.handle.db.insert(crmPipelines).values({
      installationId: s.installationId,
      externalId: 'p',
      label: 'Sales',
      stages,
      updatedAt: ctx.clock.now(),
    });
    const seq = await publishedSequence(s.api, threeSteps);
    const res = await s.api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: 'oona@example.com' },
    });
    const id = res.body.enrollment.id as string;
    const contactId = res.body.enrollment.contactId as string;
    const until = new Date(ctx.clock.now().getTime() + 3 * 86_400_000);
    expect((await s.api.post(`/v1/enrollments/${id}/pause`, { until: until.toISOString() })).status).toBe(
      200,
    );
    const deal = (stageId: string, minute: number) =>
      applyDealChange(ctx.deps, s.installationId, {
        externalId: 'd1',
        pipelineId: 'p',
        stageId,
        contactIds: [contactId],
        occurredAt: new Date(Date.parse('2026-01-05T12:00:00Z') + minute * 60_000),
      });
    await deal('open', 1);
    expect(await enrollmentRow(ctx, id)).toMatchObject({ status: 'paused', pauseReason: 'manual' });

    ctx.clock.set(new Date(until.getTime() + 60_000));
    const [job] = await ctx.boss.fetch<{ enrollmentId: string }>('sequence.resumePaused');
    expect(job?.data.enrollmentId).toBe(id);
    await createHandlers(ctx.deps)['sequence.resumePaused']!(job!.data, job as never);
    expect(await enrollmentRow(ctx, id)).toMatchObject({ status: 'paused', pauseReason: 'deal_in_progress' });
    expect(await drainJobs(ctx)).toEqual([]);
    expect(ctx.sink.messages).toHaveLength(0);

    await deal('closedlost', 2);
    expect(await enrollmentRow(ctx, id)).toMatchObject({ status: 'active' });
    expect((await drainJobs(ctx)).length).toBeGreaterThan(0);
  });
});
