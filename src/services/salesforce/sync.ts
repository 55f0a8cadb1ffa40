import type { Queryable } from '../../db/client';
import type { AppDeps } from '../deps';

// Stub: H6 (sync) replaces this file.
export type SyncKind = 'backfill' | 'incremental' | 'reconcile';
export async function backfillJob(_deps: AppDeps, _installationId: string): Promise<void> {}
export async function incrementalJob(_deps: AppDeps, _installationId: string): Promise<void> {}
export async function reconcileJob(_deps: AppDeps, _installationId: string): Promise<void> {}
export async function syncTick(_deps: AppDeps): Promise<number> {
  return 0;
}
export async function enqueueSync(
  _deps: AppDeps,
  _installationId: string,
  _kind: SyncKind,
  _db?: Queryable,
): Promise<void> {}
