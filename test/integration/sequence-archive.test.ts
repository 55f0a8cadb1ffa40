import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context';
import { enrollmentRow } from '../helpers/engagement';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

async function running(count: number) {
  const setup = await newInstallation(ctx);
  const seq = await publishedSequence(setup.api, [
    { key: 'one', subject: 'One' },
    { key: 'two', subject: 'Two', delay: { amount: 2, unit: 'days' } },
  ]);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await setup.api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: `c${i}@example.com` },
    });
    ids.push(res.body.enrollment.id as string);
  }
  return { ...setup, sequenceId: seq.sequenceId, ids };
}

describe('archiving a sequence asks what happens to running enrollments', () => {
  it('refuses to archive without a choice, and changes nothing', async () => {
    const s = await running(1);
    const res = await s.api.patch(`/v1/sequences/${s.sequenceId}`, { archived: true });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('archive_choice_required');
    expect((await s.api.get(`/v1/sequences/${s.sequenceId}`)).body.archived).toBe(false);
    expect((await enrollmentRow(ctx, s.ids[0]!)).status).toBe('active');
  });

  it('`end` exits every live enrollment (a paused one too) in one go; nothing more is sent', async () => {
    const s = await running(3);
    expect((await s.api.post(`/v1/enrollments/${s.ids[2]}/pause`, {})).status).toBe(200);
    const res = await s.api.patch(`/v1/sequences/${s.sequenceId}`, { archived: true, enrollments: 'end' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ archived: true, endedEnrollments: 3 });
    for (const id of s.ids) {
      expect(await enrollmentRow(ctx, id)).toMatchObject({
        status: 'removed',
        exitReason: 'sequence_archived',
        jobId: null,
      });
    }
    expect(await drainJobs(ctx)).toEqual([]);
    expect(ctx.sink.messages).toHaveLength(0);
  });

  it('`finish` lets running enrollments complete; new enrollments get 409 sequence_archived', async () => {
    const s = await running(1);
    const res = await s.api.patch(`/v1/sequences/${s.sequenceId}`, { archived: true, enrollments: 'finish' });
    expect(res.body).toMatchObject({ archived: true, endedEnrollments: 0 });
    expect(await drainJobs(ctx)).toEqual(['sent', 'sent']);
    expect((await enrollmentRow(ctx, s.ids[0]!)).status).toBe('completed');
    const late = await s.api.post('/v1/enrollments', {
      sequenceId: s.sequenceId,
      contact: { email: 'late@example.com' },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('sequence_archived');
  });

  it('an enrollment racing the archive is either ended by it or refused: none is left running', async () => {
    const s = await running(0);
    const enrolls = Array.from({ length: 10 }, (_, i) =>
      s.api.post('/v1/enrollments', { sequenceId: s.sequenceId, contact: { email: `r${i}@example.com` } }),
    );
    const archive = s.api.patch(`/v1/sequences/${s.sequenceId}`, { archived: true, enrollments: 'end' });
    const results = await Promise.all([...enrolls, archive]);
    const created = results.slice(0, 10).filter((r) => r.status === 201);
    const refused = results.slice(0, 10).filter((r) => r.status === 409);
    expect(created.length + refused.length).toBe(10);
    for (const r of created) {
      expect((await enrollmentRow(ctx, r.body.enrollment.id)).status).toBe('removed');
    }
    expect(results[10]!.body.endedEnrollments).toBe(created.length);
  });
});
