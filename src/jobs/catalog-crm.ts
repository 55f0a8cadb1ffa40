import { z } from 'zod';
import type { QueueSpec } from './queue-spec';

/** CRM queues (HubSpot, Salesforce): webhook apply, sync, outbox drain. */
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
  // HubSpot pulls (services/hubspot/sync.ts). Stately + singletonKey = installation: one queued and
  // one running pass per installation; the tick's every-minute requests collapse into one.
  'hubspot.backfill': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 10,
    retryDelay: 30,
    retryBackoff: true,
    heartbeatSeconds: 30,
  },
  'hubspot.syncIncremental': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 2,
    retryDelay: 20,
  },
  'hubspot.reconcile': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
  },
  'hubspot.syncTick': { payload: z.object({}), retryLimit: 0, cron: '* * * * *' },
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
  // Install-time setup that left problems (services/hubspot/install-setup.ts): retried until done.
  'hubspot.setupPortal': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 10,
    retryDelay: 60,
    retryBackoff: true,
  },
  // Salesforce pulls (services/salesforce/sync.ts) and pushes (services/salesforce/outbox-drain.ts):
  // the same policies as HubSpot's, one queued and one running pass per org.
  'salesforce.backfill': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 10,
    retryDelay: 30,
    retryBackoff: true,
    heartbeatSeconds: 30,
  },
  'salesforce.syncIncremental': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 2,
    retryDelay: 20,
  },
  'salesforce.reconcile': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
  },
  'salesforce.syncTick': { payload: z.object({}), retryLimit: 0, cron: '* * * * *' },
  'salesforce.drainOutbox': {
    payload: z.object({ installationId: z.string() }),
    policy: 'stately',
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    heartbeatSeconds: 30,
  },
  'salesforce.outboxTick': { payload: z.object({}), retryLimit: 0, cron: '* * * * *' },
} as const satisfies Record<string, QueueSpec>;
