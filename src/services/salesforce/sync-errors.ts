import type { CrmError } from '../../../connectors/contract';
import { type SyncObject, saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';

/** A pull that failed after salesforceCall's own retries; whether the job retries depends on `error`. */
export class PullError extends Error {
  constructor(readonly error: CrmError) {
    super(`Salesforce pull failed: ${error.code}: ${error.message}`);
  }
}

/** Our share of the org's API budget is spent: stop quietly, the next tick starts again from the cursor. */
export const isBudgetWait = (e: CrmError) => e.code === 'rate_limited' && e.retryAfterMs !== undefined;

/** Records the failure on the object's sync state (shown by the status route), then throws it. */
export async function failWith(
  deps: AppDeps,
  installationId: string,
  object: SyncObject,
  error: CrmError,
): Promise<never> {
  const prefix = isBudgetWait(error) ? 'budget: ' : '';
  await saveSyncState(deps.db, installationId, object, {
    lastError: `${prefix}${error.code}: ${error.message}`,
    lastRunAt: deps.clock.now(),
  });
  throw new PullError(error);
}
