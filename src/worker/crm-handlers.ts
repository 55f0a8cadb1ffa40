import type { AppDeps } from '../services/deps';
import { applyWebhooks } from '../services/hubspot/webhook-apply';
import type { JobHandlers } from './start';

/** Handlers of the CRM queues (jobs/catalog-crm.ts). */
export function crmHandlers(deps: AppDeps): JobHandlers {
  return {
    'hubspot.applyWebhooks': async (payload) => {
      await applyWebhooks(deps, { installationId: payload.installationId });
    },
  };
}
