import type { Queryable } from '../../db/client';
import type { AppDeps } from '../../http/context';

/**
 * Asks for a contact's score to be recomputed (after an engagement event or a property change),
 * inside the caller's transaction so the request commits with the event.
 */
export async function requestRescore(
  _deps: AppDeps,
  _tx: Queryable,
  _input: { installationId: string; contactId: string; reason: string },
): Promise<void> {}
