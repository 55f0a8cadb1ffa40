import { z } from 'zod';
import { crmJobCatalog } from './catalog-crm';
import type { QueueSpec } from './queue-spec';

/** Payload of every sequence step job (DESIGN.md invariant 2). New fields must be optional. */
export const stepPayload = z.object({
  enrollmentId: z.string(),
  stepKey: z.string(),
  versionId: z.string(),
  /** The enrollment's step counter when the job was made; a mismatch means the job is stale. */
  stepCount: z.number().int().optional(),
});

const stepQueue = {
  payload: stepPayload,
  retryLimit: 10,
  retryDelay: 5,
  retryBackoff: true,
  heartbeatSeconds: 10,
};

/** One entry per queue: name -> payload schema and retry options. Job names are `area.verbNoun`. */
export const jobCatalog = {
  'sequence.runEmail': stepQueue,
  'sequence.runTask': stepQueue,
  'sequence.runWait': stepQueue,
  'sequence.runBranch': stepQueue,
  'sequence.runUpdateCrm': stepQueue,
  'sequence.resumePaused': { payload: z.object({ enrollmentId: z.string() }), retryLimit: 5, retryDelay: 30 },
  'sequence.sweep': { payload: z.object({}), retryLimit: 0, cron: '* * * * *' },
  // Stately + singletonKey = contact: at most one queued and one running recompute per contact, so a
  // burst of events makes one job, and an event during a run still gets its own run after it.
  'scoring.recompute': {
    payload: z.object({ installationId: z.string(), contactId: z.string(), reason: z.string().optional() }),
    policy: 'stately',
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
  },
  'scoring.runAction': {
    payload: z.object({ actionId: z.string() }),
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
  },
  'scoring.decaySweep': { payload: z.object({}), retryLimit: 0, cron: '*/15 * * * *' },
  ...crmJobCatalog,
} as const satisfies Record<string, QueueSpec>;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]['payload']>;
export const jobNames = Object.keys(jobCatalog) as JobName[];
