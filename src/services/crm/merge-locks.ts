import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import type { EnrollmentRow } from '../../db/queries/enrollments';
import { contacts, enrollments } from '../../db/schema';

export type ContactRow = typeof contacts.$inferSelect;

export type LockedContacts = { contacts: ContactRow[]; enrollments: EnrollmentRow[] };

/**
 * The fixed lock order of merges and privacy erasures, so two of them (or one and the engine) never
 * deadlock:
 * 1. an advisory lock per installation: merges and erasures of one portal run one at a time, so a
 *    repeated or parallel merge event waits and then finds nothing left to do;
 * 2. the score lock of each contact (sorted), the one recompute takes first: no recompute can be
 *    writing these contacts' scores while rows move;
 * 3. the enrollment rows (by id), before
 * 4. the contact rows (by id): the order of the send gate and of every exit.
 * Enrollments are read again under the contact locks: an enrollment inserted meanwhile (its insert
 * waits for no lock of ours until step 4) is then seen and locked too. The caller has taken step 1
 * (`lockIdentity`) before it looked the contacts up, so what it found cannot change under it.
 */
export async function lockContacts(
  tx: Queryable,
  installationId: string,
  contactIds: ReadonlyArray<string>,
): Promise<LockedContacts> {
  const ids = [...new Set(contactIds)].sort();
  if (ids.length === 0) return { contacts: [], enrollments: [] };
  for (const id of ids) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`score:${id}`}, 0))`);
  }
  await lockEnrollmentsOf(tx, installationId, ids);
  const rows = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, installationId), inArray(contacts.id, ids)))
    .orderBy(asc(contacts.id))
    .for('update');
  return { contacts: rows, enrollments: await lockEnrollmentsOf(tx, installationId, ids) };
}

function lockEnrollmentsOf(tx: Queryable, installationId: string, contactIds: string[]) {
  return tx
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.installationId, installationId), inArray(enrollments.contactId, contactIds)))
    .orderBy(asc(enrollments.id))
    .for('update');
}

/** Step 1 of the lock order above. */
export async function lockIdentity(tx: Queryable, installationId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`crm-identity:${installationId}`}, 0))`,
  );
}

/** The installation's contacts the CRM knows by these ids (under `lockIdentity`; `lockContacts` comes next). */
export async function contactsByExternalId(
  tx: Queryable,
  installationId: string,
  externalIds: ReadonlyArray<string>,
): Promise<ContactRow[]> {
  if (externalIds.length === 0) return [];
  return tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, installationId), inArray(contacts.externalId, [...externalIds])));
}
