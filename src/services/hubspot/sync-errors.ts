import type { CrmError } from '../../../connectors/contract';
import { type SyncObject, saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';

/** A pull that failed after hubspotCall's own retries; the job retries it later. */
export class PullError extends Error {
  constructor(readonly error: CrmError) {
    super(`HubSpot pull failed: ${error.code}: ${error.message}`);
  }
}

/** Records the failure on the object's sync state (shown by the status route), then throws it. */
export async function failWith(
  deps: AppDeps,
  installationId: string,
  object: SyncObject,
  error: CrmError,
): Promise<never> {
  await saveSyncState(deps.db, installationId, object, {
    lastError: `${error.code}: ${error.message}`,
    lastRunAt: deps.clock.now(),
  });
  throw new PullError(error);
}
