import { z } from 'zod';
import type { QueueSpec } from './queue-spec';

/** CRM queues (HubSpot now, Salesforce later): webhook apply, sync, outbox drain. */
export const crmJobCatalog = {
  // Stately + singletonKey = installation: a burst of deliveries makes one queued apply job; one
  // that arrives while a run is going gets one more run after it, which reads everything pending.
  'hubspot.applyWebhooks': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
  },
  // Outbox drain (services/hubspot/outbox-drain.ts). Stately + singletonKey = installation: one
  // running drain per portal; rows keep their own backoff in next_attempt_at.
  'hubspot.drainOutbox': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    heartbeatSeconds: 30,
  },
  'hubspot.outboxTick': { payload: z.object({}), retryLimit: 0, cron: '* * * * *' },
} as const satisfies Record<string, QueueSpec>;
