import type { AppDeps } from '../deps';

/** Applies an installation's pending webhook events in occurredAt order (filled in below). */
export async function applyWebhooks(_deps: AppDeps, _input: { installationId: string }): Promise<void> {}
