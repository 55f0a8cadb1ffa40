import type { Job } from 'pg-boss';
import type { Logger } from '../lib/logger';
import type { Boss } from './boss';
import { type JobName, type JobPayload, jobCatalog, jobNames } from './catalog';

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, job: Job<unknown>) => Promise<void>;
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

/** Registers a worker for every queue that has a handler, and the cron of periodic jobs. */
export async function startWorkers(
  boss: Boss,
  handlers: JobHandlers,
  options: { concurrency: number; logger: Logger; pollingIntervalSeconds?: number },
): Promise<void> {
  for (const name of jobNames) {
    const handler = handlers[name] as JobHandler<typeof name> | undefined;
    if (!handler) continue;
    const spec = jobCatalog[name];
    await boss.work(
      name,
      {
        batchSize: 1,
        localConcurrency: options.concurrency,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
      },
      async ([job]) => {
        if (!job) return;
        const parsed = spec.payload.safeParse(job.data);
        if (!parsed.success) {
          // A malformed payload never becomes valid on retry; log and drop it.
          options.logger.error('dropping malformed job', { name, id: job.id, issue: parsed.error.message });
          return;
        }
        await handler(parsed.data as never, job);
      },
    );
    if ('cron' in spec) await boss.schedule(name, spec.cron, {});
  }
}
