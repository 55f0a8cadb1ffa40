import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import type { EnrollmentRow } from '../../db/queries/enrollments';
import { contacts } from '../../db/schema';
import type { AppDeps } from '../deps';
import { type ExitTrigger, exitEnrollment } from './exit';

export type ContactRow = typeof contacts.$inferSelect;

const suppressionTrigger: Record<string, ExitTrigger> = {
  unsubscribed: { type: 'opt_out' },
  hard_bounced: { type: 'hard_bounce' },
  complained: { type: 'complaint' },
  manual: { type: 'remove', reason: 'manual' },
};

/**
 * Every step that acts for a contact (a mail, a task, a CRM update) passes here first: a contact the
 * CRM deleted or one that is suppressed ends the enrollment instead. Takes the per-contact lock of the
 * send gate (invariant 6), after the enrollment row the caller holds. NO KEY UPDATE, not UPDATE: rows
 * that merely reference the contact (their foreign-key checks take KEY SHARE) do not wait for it.
 * Returns the contact, or null when the enrollment was ended.
 */
export async function gateContact(
  deps: AppDeps,
  tx: Queryable,
  e: EnrollmentRow,
  actor: string,
): Promise<ContactRow | null> {
  const [contact] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, e.installationId), eq(contacts.id, e.contactId)))
    .for('no key update');
  return (await passContact(deps, tx, e, contact, actor)) ? (contact ?? null) : null;
}

/** The same lock for a batch of steps: every contact at once, in id order, after the enrollments. */
export async function lockContacts(
  tx: Queryable,
  enrollments: readonly EnrollmentRow[],
): Promise<ContactRow[]> {
  if (enrollments.length === 0) return [];
  return tx
    .select()
    .from(contacts)
    .where(inArray(contacts.id, [...new Set(enrollments.map((e) => e.contactId))]))
    .orderBy(asc(contacts.id))
    .for('no key update');
}

/**
 * The gate's verdict on a contact already locked: a deleted, missing or suppressed one ends the
 * enrollment (false). A contact of another installation counts as missing.
 */
export async function passContact(
  deps: AppDeps,
  tx: Queryable,
  e: EnrollmentRow,
  contact: ContactRow | undefined,
  actor: string,
): Promise<boolean> {
  if (!contact || contact.installationId !== e.installationId || contact.deletedAt) {
    await exitEnrollment(
      deps,
      tx,
      e.id,
      { type: 'remove', reason: 'contact_deleted' },
      { reason: 'contact_deleted', actor },
    );
    return false;
  }
  if (contact.suppressedAt) {
    const reason = contact.suppressionReason ?? 'manual';
    await exitEnrollment(deps, tx, e.id, suppressionTrigger[reason] ?? { type: 'remove', reason: 'manual' }, {
      reason: `suppressed: ${reason}`,
      actor,
    });
    return false;
  }
  return true;
}
