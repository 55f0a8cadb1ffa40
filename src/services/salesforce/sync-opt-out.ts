import type { Queryable } from '../../db/client';
import type { AppDeps } from '../deps';
import { recordEngagement } from '../engagement/events';
import { suppressContact } from '../engagement/opt-out';
import { exitAllForContact } from '../sequences/exit';

/**
 * HasOptedOutOfEmail turned true in Salesforce: what HubSpot's opt-out does (services/hubspot/
 * webhook-opt-out.ts; its actor and property name are HubSpot's, hence this twin): every live
 * enrollment exits through the one exit path, the contact is suppressed, the event stored once per
 * `ref`. Nothing is written back. False afterwards lifts nothing, as in HubSpot.
 */
export async function optOutFromSalesforce(
  deps: AppDeps,
  tx: Queryable,
  contact: { installationId: string; contactId: string },
  ref: string,
): Promise<{ exited: string[]; newlySuppressed: boolean }> {
  const now = deps.clock.now();
  const exited = await exitAllForContact(
    deps,
    tx,
    contact,
    { type: 'opt_out' },
    { reason: 'unsubscribed', actor: 'salesforce', data: { ref, property: 'HasOptedOutOfEmail' } },
  );
  const newlySuppressed = await suppressContact(tx, contact, 'unsubscribed', now);
  await recordEngagement(deps, tx, {
    ...contact,
    type: 'unsubscribed',
    dedupeKey: `unsubscribed:${contact.contactId}:${ref}`,
    occurredAt: now,
    data: { source: 'crm', exited: exited.length },
  });
  return { exited, newlySuppressed };
}
