import type { AppDeps } from '../deps';

export type MergeInput = { primaryExternalId: string; mergedExternalIds: string[] };

/**
 * A CRM merge keeps one contact: the merged ones fold into the primary (one score, one enrollment
 * per sequence). Called by the webhook applier and by reconciliation.
 */
export async function mergeContacts(
  _deps: AppDeps,
  _installationId: string,
  _input: MergeInput,
  _now: Date,
): Promise<'applied' | 'ignored'> {
  return 'ignored';
}
