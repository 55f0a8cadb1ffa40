import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import type { JobName } from '../../jobs/catalog';
import { cancelJob } from '../../jobs/enqueue';
import type { AppDeps } from '../deps';
import { mentions, scrub } from './erase-scrub';

type JobRow = { id: string; name: string; state: string; data: unknown; output: unknown };

/**
 * pg-boss keeps job payloads and outputs (an error message may quote an address) until its
 * retention ends. Jobs for the contacts or mentioning an address: a queued one is cancelled (it
 * would act for a forgotten person), and every one's payload and output are scrubbed.
 */
export async function eraseJobs(
  deps: AppDeps,
  tx: Queryable,
  scope: { contactIds: string[]; emails: string[]; pattern: RegExp | null },
): Promise<void> {
  if (scope.contactIds.length === 0) return;
  const byAddress = scope.emails.map(
    (e) => sql`strpos(lower(coalesce(data::text, '') || coalesce(output::text, '')), ${e.toLowerCase()}) > 0`,
  );
  const { rows } = await tx.execute<JobRow>(sql`
    select id, name, state, data, output from pgboss.job
     where data->>'contactId' in (${sql.join(
       scope.contactIds.map((id) => sql`${id}`),
       sql`, `,
     )})
        ${byAddress.length > 0 ? sql`or ${sql.join(byAddress, sql` or `)}` : sql``}
     order by id`);
  for (const job of rows) {
    const mentioning = mentions(job.data, scope.pattern) || mentions(job.output, scope.pattern);
    if (!mentioning) continue;
    if (job.state === 'created' || job.state === 'retry')
      await cancelJob(deps.boss, tx, job.name as JobName, job.id);
    await tx.execute(sql`
      update pgboss.job
         set data = ${asJson(scrub(job.data, scope.pattern))}::jsonb,
             output = ${asJson(scrub(job.output, scope.pattern))}::jsonb
       where id = ${job.id}::uuid and name = ${job.name}`);
  }
}

const asJson = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
