import type { AppDeps } from '../services/deps';
import { setupPortalJob } from '../services/hubspot/install-setup';
import { drainOutbox } from '../services/hubspot/outbox-drain';
import { outboxTick } from '../services/hubspot/outbox-tick';
import { backfillJob, incrementalJob, reconcileJob, syncTick } from '../services/hubspot/sync';
import { applyWebhooks } from '../services/hubspot/webhook-apply';
import { drainOutbox as drainSalesforce } from '../services/salesforce/outbox-drain';
import { outboxTick as salesforceOutboxTick } from '../services/salesforce/outbox-tick';
import * as salesforce from '../services/salesforce/sync';
import type { JobHandlers } from './start';

/** Handlers of the CRM queues (jobs/catalog-crm.ts). */
export function crmHandlers(deps: AppDeps): JobHandlers {
  return {
    'hubspot.drainOutbox': async (payload) => {
      await drainOutbox(deps, payload.installationId);
    },
    'hubspot.outboxTick': async () => {
      await outboxTick(deps);
    },
    'hubspot.applyWebhooks': async (payload) => {
      await applyWebhooks(deps, { installationId: payload.installationId });
    },
    'hubspot.backfill': async (payload) => {
      await backfillJob(deps, payload.installationId);
    },
    'hubspot.syncIncremental': async (payload) => {
      await incrementalJob(deps, payload.installationId);
    },
    'hubspot.reconcile': async (payload) => {
      await reconcileJob(deps, payload.installationId);
    },
    'hubspot.syncTick': async () => {
      await syncTick(deps);
    },
    'hubspot.setupPortal': async (payload) => {
      await setupPortalJob(deps, payload.installationId);
    },
    'salesforce.backfill': async (payload) => {
      await salesforce.backfillJob(deps, payload.installationId);
    },
    'salesforce.syncIncremental': async (payload) => {
      await salesforce.incrementalJob(deps, payload.installationId);
    },
    'salesforce.reconcile': async (payload) => {
      await salesforce.reconcileJob(deps, payload.installationId);
    },
    'salesforce.syncTick': async () => {
      await salesforce.syncTick(deps);
    },
    'salesforce.drainOutbox': async (payload) => {
      await drainSalesforce(deps, payload.installationId);
    },
    'salesforce.outboxTick': async () => {
      await salesforceOutboxTick(deps);
    },
  };
}
