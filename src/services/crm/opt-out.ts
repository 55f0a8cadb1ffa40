import type { Queryable } from '../../db/client';
import type { AppDeps } from '../deps';
import { recordEngagement } from '../engagement/events';
import { suppressContact } from '../engagement/opt-out';
import { exitAllForContact } from '../sequences/exit';

/** Which CRM said so, and through which property (kept on the exit event). */
export type OptOutOrigin = { actor: 'hubspot' | 'salesforce'; property: string };

/**
 * The contact opted out in the CRM (HubSpot's hs_email_optout, Salesforce's HasOptedOutOfEmail): the same effect as an unsubscribe here (every
 * live enrollment exits through the one exit path, the contact is suppressed, the event stored), but
 * nothing is written back: the CRM is where it came from. Enrollment rows are locked before the
 * contact row, the send gate's order. `ref` (the webhook event) makes a re-run a no-op.
 */
export async function optOutFromCrm(
  deps: AppDeps,
  tx: Queryable,
  contact: { installationId: string; contactId: string },
  ref: string,
  origin: OptOutOrigin,
): Promise<{ exited: string[]; newlySuppressed: boolean }> {
  const now = deps.clock.now();
  const exited = await exitAllForContact(
    deps,
    tx,
    contact,
    { type: 'opt_out' },
    { reason: 'unsubscribed', actor: origin.actor, data: { ref, property: origin.property } },
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
