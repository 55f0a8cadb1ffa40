import type { z } from 'zod';

export type QueueSpec = {
  payload: z.ZodType;
  retryLimit: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** A job whose worker stops heartbeating (killed) is retried after this many seconds. */
  heartbeatSeconds?: number;
  /** Cron for periodic jobs. */
  cron?: string;
  /** pg-boss queue policy, set when the queue is created; `singletonKey` dedupes only under some. */
  policy?: 'standard' | 'stately';
};
