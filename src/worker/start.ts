import type { Job, JobResult } from 'pg-boss';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { Boss } from '../jobs/boss';
import { type JobName, type JobPayload, jobCatalog, jobNames } from '../jobs/catalog';
import { describeError, type Logger } from '../lib/logger';

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, job: Job<unknown>) => Promise<void>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

export type WorkerOptions = {
  concurrency: number;
  logger: Logger;
  batchSize?: number;
  pollingIntervalSeconds?: number;
};

/**
 * Registers a worker for every queue that has a handler, and the cron of periodic jobs. Jobs are
 * fetched in batches (fetching again at once while batches come back full) and each job of a batch
 * settles on its own, so one failure retries only that job.
 */
export async function startWorkers(boss: Boss, handlers: JobHandlers, options: WorkerOptions): Promise<void> {
  for (const name of jobNames) {
    const handler = handlers[name] as JobHandler<typeof name> | undefined;
    if (!handler) continue;
    const spec = jobCatalog[name];
    await boss.work(
      name,
      {
        batchSize: options.batchSize ?? 10,
        burstWhenBatchFull: true,
        perJobResults: true,
        localConcurrency: options.concurrency,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
      },
      async (jobs): Promise<JobResult[]> =>
        Promise.all(
          jobs.map(async (job): Promise<JobResult> => {
            const parsed = spec.payload.safeParse(job.data);
            if (!parsed.success) {
              // A malformed payload never becomes valid on retry; log and settle it.
              options.logger.error('dropping malformed job', {
                name,
                id: job.id,
                issue: parsed.error.message,
              });
              return { id: job.id, status: 'completed' };
            }
            try {
              await handler(parsed.data as never, job);
              return { id: job.id, status: 'completed' };
            } catch (error) {
              // A database restart fails the jobs in flight; pg-boss retries them (or, when it cannot
              // record the failure either, retries them once their heartbeat lapses). The facts only:
              // a query error's text carries its SQL parameters (addresses, ids).
              const { errorClass, pgCode, message } = describeError(error);
              const facts = { errorClass, pgCode, message, unavailable: isDatabaseUnavailable(error) };
              options.logger.warn('job failed; will retry', { name, id: job.id, ...facts });
              return { id: job.id, status: 'failed', output: facts };
            }
          }),
        ),
    );
    if ('cron' in spec) await boss.schedule(name, spec.cron, {});
  }
}
