import type { Job, JobResult } from 'pg-boss';
import { isDatabaseUnavailable } from '../db/unavailable';
import type { Boss } from '../jobs/boss';
import { type JobName, type JobPayload, jobCatalog, jobNames } from '../jobs/catalog';
import { describeError, type Logger } from '../lib/logger';

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, job: Job<unknown>) => Promise<void>;
/** A handler of a whole fetched batch: one result per payload, in order; a failed one is retried. */
export type BatchHandler<N extends JobName> = {
  batch: (payloads: JobPayload<N>[]) => Promise<Array<{ ok: true } | { ok: false; error: unknown }>>;
  /** Jobs per fetch. */
  size: number;
};
/** Queues whose handler takes the whole fetched batch. */
export type BatchedJob = 'sequence.runEmail';
export type JobHandlers = { [N in Exclude<JobName, BatchedJob>]?: JobHandler<N> } & {
  [N in BatchedJob]?: BatchHandler<N>;
};

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
    const handler = handlers[name] as JobHandler<typeof name> | BatchHandler<typeof name> | undefined;
    if (!handler) continue;
    const spec = jobCatalog[name];
    if (typeof handler !== 'function') {
      await workBatches(boss, name, handler, options);
      continue;
    }
    await boss.work(
      name,
      {
        batchSize: options.batchSize ?? 10,
        burstWhenBatchFull: true,
        perJobResults: true,
        localConcurrency: pollers(name, options),
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
              // pg-boss retries it (or, when it cannot record the failure either, once its
              // heartbeat lapses).
              return { id: job.id, status: 'failed', output: failureFacts(name, job.id, error, options) };
            }
          }),
        ),
    );
    if ('cron' in spec) await boss.schedule(name, spec.cron, {});
  }
}

/** A queue whose handler takes the whole batch (email steps: one transaction per batch). */
async function workBatches<N extends JobName>(
  boss: Boss,
  name: N,
  handler: BatchHandler<N>,
  options: WorkerOptions,
): Promise<void> {
  const spec = jobCatalog[name];
  await boss.work(
    name,
    {
      batchSize: Math.max(1, handler.size),
      burstWhenBatchFull: true,
      perJobResults: true,
      localConcurrency: options.concurrency,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    },
    async (jobs): Promise<JobResult[]> => {
      const results: JobResult[] = [];
      const valid: Array<Job<unknown>> = [];
      for (const job of jobs) {
        if (spec.payload.safeParse(job.data).success) valid.push(job);
        else {
          options.logger.error('dropping malformed job', { name, id: job.id });
          results.push({ id: job.id, status: 'completed' });
        }
      }
      const outcomes = await handler
        .batch(valid.map((job) => spec.payload.parse(job.data) as JobPayload<N>))
        .catch((error: unknown) => valid.map(() => ({ ok: false as const, error })));
      for (const [i, job] of valid.entries()) {
        const outcome = outcomes[i] ?? { ok: false as const, error: new Error('no result') };
        if (outcome.ok) results.push({ id: job.id, status: 'completed' });
        else
          results.push({
            id: job.id,
            status: 'failed',
            output: failureFacts(name, job.id, outcome.error, options),
          });
      }
      return results;
    },
  );
}

function failureFacts(name: string, id: string, error: unknown, options: WorkerOptions) {
  // A database restart fails the jobs in flight; pg-boss retries them. The facts only: a query
  // error's text carries its SQL parameters (addresses, ids).
  const { errorClass, pgCode, message } = describeError(error);
  const facts = { errorClass, pgCode, message, unavailable: isDatabaseUnavailable(error) };
  options.logger.warn('job failed; will retry', { name, id, ...facts });
  return facts;
}

/**
 * Fetch loops per queue. Every loop polls its queue twice a second while it is idle, so idle
 * queues with many loops cost Postgres more than the work does: only sequence steps get
 * `concurrency` loops; other queues get one, its batch of jobs running side by side.
 */
function pollers(name: JobName, options: WorkerOptions): number {
  return name.startsWith('sequence.run') ? options.concurrency : 1;
}
