import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, crmOutbox } from '../../db/schema';
import { newId } from '../../lib/ids';
import type { AppDeps } from '../deps';
import { exitAllForContact } from '../sequences/exit';
import { recordEngagement } from './events';

export type SuppressionReason = 'unsubscribed' | 'hard_bounced' | 'complained';

/** Suppresses a contact once; the first reason stays. Returns whether this call suppressed it. */
export async function suppressContact(
  tx: Queryable,
  contact: { installationId: string; contactId: string },
  reason: SuppressionReason,
  now: Date,
): Promise<boolean> {
  const changed = await tx
    .update(contacts)
    .set({ suppressedAt: now, suppressionReason: reason, updatedAt: now })
    .where(
      and(
        eq(contacts.installationId, contact.installationId),
        eq(contacts.id, contact.contactId),
        isNull(contacts.suppressedAt),
      ),
    )
    .returning({ id: contacts.id });
  return changed.length > 0;
}

/** Queues the opt-out for write-back to the CRM; the key makes a repeated request write once. */
export async function queueCrmOptOut(
  tx: Queryable,
  input: { installationId: string; contactId: string; email: string; reason: string; ref: string; at: Date },
): Promise<void> {
  await tx
    .insert(crmOutbox)
    .values({
      id: newId('act'),
      installationId: input.installationId,
      contactId: input.contactId,
      kind: 'opt_out',
      payload: { email: input.email, reason: input.reason, ref: input.ref, at: input.at.toISOString() },
      idempotencyKey: `opt_out:${input.contactId}:${input.ref}`,
      createdAt: input.at,
    })
    .onConflictDoNothing();
}

export type OptOutInput = {
  installationId: string;
  contactId: string;
  /** What asked: the link page, a one-click POST, a reply, an ARF opt-out report. */
  source: 'unsubscribe_page' | 'one_click' | 'reply' | 'arf_opt_out';
  /** The send or inbound message it came from: makes a repeated request a no-op. */
  ref: string;
  sendId?: string | null;
  enrollmentId?: string | null;
  stepKey?: string | null;
};

export type OptOutResult = { exited: string[]; newlySuppressed: boolean };

/**
 * The one opt-out path (the unsubscribe link, one-click POST, a reply asking it, an ARF opt-out):
 * every live enrollment of the contact exits at once through the one exit path (jobs cancelled in
 * this transaction), the contact is suppressed, the CRM write-back is queued and the event stored.
 * Enrollment rows are locked before the contact row, the send gate's order, so the two never deadlock.
 */
export async function optOutContact(deps: AppDeps, tx: Queryable, input: OptOutInput): Promise<OptOutResult> {
  const now = deps.clock.now();
  const [contact] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, input.installationId), eq(contacts.id, input.contactId)));
  if (!contact) return { exited: [], newlySuppressed: false };
  const ids = { installationId: input.installationId, contactId: input.contactId };
  const exited = await exitAllForContact(
    deps,
    tx,
    ids,
    { type: 'opt_out' },
    { reason: 'unsubscribed', actor: input.source, data: { ref: input.ref } },
  );
  const newlySuppressed = await suppressContact(tx, ids, 'unsubscribed', now);
  await queueCrmOptOut(tx, {
    ...ids,
    email: contact.email,
    reason: 'unsubscribed',
    ref: input.ref,
    at: now,
  });
  await recordEngagement(deps, tx, {
    ...ids,
    type: 'unsubscribed',
    dedupeKey: `unsubscribed:${input.contactId}:${input.ref}`,
    occurredAt: now,
    sendId: input.sendId ?? null,
    enrollmentId: input.enrollmentId ?? null,
    stepKey: input.stepKey ?? null,
    data: { source: input.source, exited: exited.length },
  });
  return { exited, newlySuppressed };
}
