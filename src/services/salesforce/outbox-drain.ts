import type { AppDeps } from '../deps';

// Stub: H7 (push) replaces this file.
export type DrainReport = {
  status: 'drained' | 'skipped' | 'busy' | 'budget';
  done: number;
  failed: number;
  retrying: number;
  calls: number;
};
export async function drainOutbox(
  _deps: AppDeps,
  _installationId: string,
  _options: object = {},
): Promise<DrainReport> {
  return { status: 'skipped', done: 0, failed: 0, retrying: 0, calls: 0 };
}
