import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts } from '../../db/schema';
import type { AppDeps } from '../deps';
import { exitAllForContact } from '../sequences/exit';
import { eraseJobs } from './erase-jobs';
import { eraseRecords } from './erase-records';
import { eraseContactRows } from './erase-rows';
import { piiPattern } from './erase-scrub';
import { type ContactRow, contactsByExternalId, lockContacts, lockIdentity } from './merge-locks';

/**
 * A privacy deletion (GDPR): ends the contact's enrollments and erases its personal data from every
 * table, keeping only anonymous counts. The contact's merged tombstones (other addresses of the
 * same person) are erased with it. Forget means forget: the address is not kept, not even as a
 * suppression, so if the CRM creates the person again they are a new contact. One transaction, the
 * merge's lock order. Idempotent: the erased contact has no external id left, so a repeated call
 * finds nothing ('ignored') and only clears again what arrived about the record meanwhile.
 */
export async function eraseContact(
  deps: AppDeps,
  installationId: string,
  externalId: string,
  now: Date,
): Promise<'applied' | 'ignored'> {
  return deps.db.transaction(async (tx) => {
    await lockIdentity(tx, installationId);
    const [found] = await contactsByExternalId(tx, installationId, [externalId]);
    const people = found ? [found, ...(await tombstonesOf(tx, installationId, found.id))] : [];
    const locked = await lockContacts(
      tx,
      installationId,
      people.map((c) => c.id),
    );
    const contactIds = locked.contacts.map((c) => c.id);
    const emails = locked.contacts.map((c) => c.email);
    const pattern = piiPattern({
      emails,
      names: locked.contacts.flatMap((c) => [c.firstName ?? '', c.lastName ?? '']),
    });
    for (const id of contactIds) {
      await exitAllForContact(
        deps,
        tx,
        { installationId, contactId: id },
        { type: 'remove', reason: 'contact_deleted' },
        { reason: 'privacy_deletion', actor: 'crm' },
      );
    }
    const externalIds = [externalId, ...locked.contacts.flatMap((c) => (c.externalId ? [c.externalId] : []))];
    const scope = {
      installationId,
      contactIds,
      pattern,
      now,
      emails,
      externalIds: [...new Set(externalIds)],
    };
    await eraseRecords(tx, scope);
    await eraseJobs(deps, tx, scope);
    await eraseContactRows(tx, scope);
    return contactIds.length > 0 ? 'applied' : 'ignored';
  });
}

/** Contacts merged into this one (merge.ts): the same person under another address. */
async function tombstonesOf(tx: Queryable, installationId: string, contactId: string): Promise<ContactRow[]> {
  return tx
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.installationId, installationId),
        sql`${contacts.properties}->>'mergedInto' = ${contactId}`,
      ),
    );
}
