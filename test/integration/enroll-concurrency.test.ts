import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enrollments } from '../../src/db/schema';
import { useTestContext } from '../helpers/context';
import { newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

describe('enrollment is idempotent', () => {
  it('50 parallel enroll requests for one contact and sequence make exactly one enrollment', async () => {
    const { api } = await newInstallation(ctx);
    const { sequenceId } = await publishedSequence(api, [{ key: 's1', subject: 'One' }]);
    const contact = await api.post('/v1/contacts', { email: 'race@example.com', firstName: 'Rae' });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        api.post('/v1/enrollments', { sequenceId, contactId: contact.body.id }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    const ids = new Set(responses.map((r) => r.body.enrollment.id));
    expect(ids.size).toBe(1);
    const rows = await ctx.handle.db
      .select()
      .from(enrollments)
      .where(eq(enrollments.contactId, contact.body.id));
    expect(rows).toHaveLength(1);
    const jobs = await ctx.boss.findJobs('sequence.runEmail', { data: { enrollmentId: rows[0]!.id } });
    expect(jobs).toHaveLength(1);
  });

  it('50 parallel enrollments by email upsert one contact and one enrollment', async () => {
    const { api } = await newInstallation(ctx);
    const { sequenceId } = await publishedSequence(api, [{ key: 's1', subject: 'One' }]);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        api.post('/v1/enrollments', {
          sequenceId,
          source: 'workflow',
          contact: { email: 'New@Example.com' },
        }),
      ),
    );
    expect(responses.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.body.enrollment.id)).size).toBe(1);
    expect(responses[0]!.body.enrollment.source).toBe('workflow');
  });

  it('enrolls again after the previous enrollment ended', async () => {
    const { api } = await newInstallation(ctx);
    const { sequenceId } = await publishedSequence(api, [{ key: 's1', subject: 'One' }]);
    const contact = await api.post('/v1/contacts', { email: 'again@example.com' });
    const first = await api.post('/v1/enrollments', { sequenceId, contactId: contact.body.id });
    await api.post(`/v1/enrollments/${first.body.enrollment.id}/remove`, { reason: 'test' });
    const second = await api.post('/v1/enrollments', { sequenceId, contactId: contact.body.id });
    expect(second.status).toBe(201);
    expect(second.body.enrollment.id).not.toBe(first.body.enrollment.id);
  });
});
