import type { AppDeps } from '../http/context';

/** Rewrites a mail's links for click tracking and adds the open pixel. */
export async function addTracking(
  _deps: AppDeps,
  input: { sendId: string; html: string },
): Promise<{ html: string }> {
  return { html: input.html };
}
