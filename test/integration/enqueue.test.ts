import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { installations } from '../../src/db/schema';
import { enqueue } from '../../src/jobs/enqueue';
import { newId } from '../../src/lib/ids';
import { useTestContext } from '../helpers/context';

const ctx = useTestContext();

async function jobsFor(enrollmentId: string) {
  const jobs = await ctx.boss.findJobs('sequence.runWait', { data: { enrollmentId } });
  return jobs;
}

describe('enqueue inside the caller transaction', () => {
  it('a committed transaction leaves both the row and the job', async () => {
    const id = newId('ins');
    await ctx.handle.db.transaction(async (tx) => {
      await tx.insert(installations).values({ id, name: 'Acme' });
      await enqueue(ctx.boss, tx, 'sequence.runWait', { enrollmentId: id, stepKey: 's1', versionId: 'v1' });
    });
    const rows = await ctx.handle.db.select().from(installations).where(eq(installations.id, id));
    expect(rows).toHaveLength(1);
    expect(await jobsFor(id)).toHaveLength(1);
  });

  it('a rolled-back transaction leaves neither the row nor the job', async () => {
    const id = newId('ins');
    await expect(
      ctx.handle.db.transaction(async (tx) => {
        await tx.insert(installations).values({ id, name: 'Acme' });
        await enqueue(ctx.boss, tx, 'sequence.runWait', { enrollmentId: id, stepKey: 's1', versionId: 'v1' });
        throw new Error('boom after enqueue');
      }),
    ).rejects.toThrow('boom after enqueue');
    const rows = await ctx.handle.db.select().from(installations).where(eq(installations.id, id));
    expect(rows).toHaveLength(0);
    expect(await jobsFor(id)).toHaveLength(0);
  });

  it('a failed enqueue rolls the state write back', async () => {
    const id = newId('ins');
    await expect(
      ctx.handle.db.transaction(async (tx) => {
        await tx.insert(installations).values({ id, name: 'Acme' });
        // A payload the catalog refuses: the job never reaches the queue, and the write goes too.
        await enqueue(ctx.boss, tx, 'sequence.runWait', { enrollmentId: id } as never);
      }),
    ).rejects.toThrow();
    const rows = await ctx.handle.db.select().from(installations).where(eq(installations.id, id));
    expect(rows).toHaveLength(0);
  });
});
