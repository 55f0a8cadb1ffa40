import type { QueueSpec } from './queue-spec';

/** CRM queues (HubSpot now, Salesforce later): webhook apply, sync, outbox drain. */
export const crmJobCatalog = {} as const satisfies Record<string, QueueSpec>;
