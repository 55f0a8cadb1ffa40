import type { AppDeps } from '../deps';

// Stub: H7 (push) replaces this file.
export async function outboxTick(_deps: AppDeps): Promise<number> {
  return 0;
}
export async function enqueueDrain(_deps: AppDeps, _installationId: string): Promise<void> {}
