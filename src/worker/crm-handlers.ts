import type { AppDeps } from '../services/deps';
import type { JobHandlers } from './start';

/** Handlers of the CRM queues (jobs/catalog-crm.ts). */
export function crmHandlers(_deps: AppDeps): JobHandlers {
  return {};
}
