import { and, eq, inArray } from 'drizzle-orm';
import { personKind } from '../../../connectors/salesforce/ids';
import { readWhereIn } from '../../../connectors/salesforce/pull';
import { contacts } from '../../db/schema';
import type { AppDeps } from '../deps';
import { salesforceTransport } from './connector';
import { storeContactRows, storeLeads } from './sync-store';

/**
 * A record-triggered Flow calls as the record is created, before the next pull: records we do not
 * hold yet are read live (one query per object) and stored the way the sync stores them, so the
 * Flow's enrollment does not depend on the pull's timing. A failed read changes nothing: the
 * request is then answered `contact_unknown`, which the Flow can retry on.
 */
export async function fetchUnsynced(
  deps: AppDeps,
  installationId: string,
  recordIds: readonly string[],
): Promise<void> {
  const wanted = [...new Set(recordIds.filter((id) => personKind(id) !== null))];
  if (wanted.length === 0) return;
  const held = await deps.db
    .select({ externalId: contacts.externalId })
    .from(contacts)
    .where(and(eq(contacts.installationId, installationId), inArray(contacts.externalId, wanted)));
  const known = new Set(held.map((h) => h.externalId));
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length === 0) return;
  const t = salesforceTransport(deps, installationId);
  const leads = missing.filter((id) => personKind(id) === 'Lead');
  const people = missing.filter((id) => personKind(id) === 'Contact');
  if (leads.length > 0) {
    const read = await readWhereIn(t, 'Lead', 'Id', leads);
    if (read.ok) await storeLeads(deps, installationId, read.value);
  }
  if (people.length > 0) {
    const read = await readWhereIn(t, 'Contact', 'Id', people);
    if (read.ok) await storeContactRows(deps, installationId, read.value);
  }
}
