import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sends } from '../../src/db/schema';
import { runStep } from '../../src/services/sequences/run-step';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();
const twoSteps = [
  { key: 'intro', subject: 'Intro' },
  { key: 'bump', subject: 'Bump', delay: { amount: 2, unit: 'days' } },
];

async function enroll(n: number) {
  const setup = await newInstallation(ctx);
  const seq = await publishedSequence(setup.api, twoSteps);
  for (let i = 0; i < n; i++) {
    const res = await setup.api.post('/v1/enrollments', {
      sequenceId: seq.sequenceId,
      contact: { email: `a${i}@example.com` },
    });
    expect(res.status).toBe(201);
  }
}

/** `sent` rows without an `email_sent` event naming them (invariant 8). */
async function sentWithoutEvent(): Promise<number> {
  const { rows } = await ctx.handle.pool.query<{ n: number }>(
    `select count(*)::int as n from sends s where s.status = 'sent' and not exists (
       select 1 from enrollment_events ev
       where ev.enrollment_id = s.enrollment_id and ev.type = 'email_sent' and ev.data->>'sendId' = s.id)`,
  );
  return rows[0]!.n;
}

describe('audit trail of sends', () => {
  it('every sent row has its email_sent event', async () => {
    await enroll(5);
    expect(await drainJobs(ctx)).toEqual(Array(10).fill('sent'));
    const [count] = await ctx.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(sends)
      .where(sql`${sends.status} = 'sent'`);
    expect(count?.n).toBe(10);
    expect(await sentWithoutEvent()).toBe(0);
  });

  it('a failure at the email_sent insert rolls back the sent mark: one transaction', async () => {
    await enroll(1);
    await ctx.handle.pool.query(`
      create or replace function fail_email_sent() returns trigger language plpgsql as $$
      begin
        if new.type = 'email_sent' then raise exception 'injected: email_sent insert fails'; end if;
        return new;
      end $$;
      create trigger fail_email_sent before insert on enrollment_events
        for each row execute function fail_email_sent();`);
    try {
      const [job] = await ctx.boss.fetch<Parameters<typeof runStep>[1]>('sequence.runEmail');
      await expect(runStep(ctx.deps, job!.data)).rejects.toThrow();
      expect(ctx.sink.messages).toHaveLength(1); // the server took it...
      const rows = await ctx.handle.db.select().from(sends);
      expect(rows.map((r) => r.status)).toEqual(['pending']); // ...but `sent` did not commit alone
      expect(await sentWithoutEvent()).toBe(0);
      await ctx.handle.pool.query('drop trigger fail_email_sent on enrollment_events');
      // The retried job finds the pending row: reported unknown, never sent twice.
      expect(await runStep(ctx.deps, job!.data)).toBe('advanced');
      expect((await ctx.handle.db.select().from(sends)).map((r) => r.status)).toEqual(['unknown']);
      expect(ctx.sink.messages).toHaveLength(1);
    } finally {
      await ctx.handle.pool.query('drop trigger if exists fail_email_sent on enrollment_events');
      await ctx.handle.pool.query('drop function if exists fail_email_sent()');
    }
  });
});
