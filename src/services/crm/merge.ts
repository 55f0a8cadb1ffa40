import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts } from '../../db/schema';
import type { AppDeps } from '../deps';
import { requestRescore } from '../scoring/rescore';
import { mergeEnrollments } from './merge-enrollments';
import { type ContactRow, contactsByExternalId, lockContacts, lockIdentity } from './merge-locks';
import { moveContactRows } from './merge-move';
import { mergeScores } from './merge-score';
import { inheritSuppression } from './merge-suppression';

/**
 * `primaryExternalId` is the record that survives in the CRM. For HubSpot's `contact.merge` that is
 * `newObjectId` (the record the merge produced; HubSpot says it can differ from `primaryObjectId`),
 * and `mergedExternalIds` holds `mergedObjectIds` plus `primaryObjectId` when it differs from it.
 */
export type MergeInput = { primaryExternalId: string; mergedExternalIds: string[] };

/**
 * A CRM merge keeps one contact: the merged ones fold into the primary (one score, one enrollment
 * per sequence). Called by the webhook applier and by reconciliation. One transaction, rows locked
 * in a fixed order (merge-locks). When only a merged contact is known here, it becomes the
 * survivor and takes the primary's external id. The merged contacts stay as tombstones (deleted,
 * `properties.mergedInto`) that keep their address and any suppression: an address that opted out
 * must never be mailed again, whichever record it ends up on. Idempotent: a repeated merge finds
 * only tombstones and changes nothing ('ignored').
 */
export async function mergeContacts(
  deps: AppDeps,
  installationId: string,
  input: MergeInput,
  now: Date,
): Promise<'applied' | 'ignored'> {
  const mergedExternalIds = [...new Set(input.mergedExternalIds)].filter(
    (id) => id !== input.primaryExternalId,
  );
  return deps.db.transaction(async (tx) => {
    await lockIdentity(tx, installationId);
    const found = await contactsByExternalId(tx, installationId, [
      input.primaryExternalId,
      ...mergedExternalIds,
    ]);
    const primary = found.find((c) => c.externalId === input.primaryExternalId);
    const pending = mergedExternalIds
      .map((id) => found.find((c) => c.externalId === id))
      .filter((c): c is ContactRow => c !== undefined && c.properties.mergedInto === undefined);
    const survivorSeed = primary ?? pending[0];
    // Nothing left to fold in, and the primary already carries its id: a repeated event.
    if (!survivorSeed || (primary && pending.length === 0)) return 'ignored';
    const locked = await lockContacts(
      tx,
      installationId,
      [survivorSeed, ...pending].map((c) => c.id),
    );
    const survivor = locked.contacts.find((c) => c.id === survivorSeed.id)!;
    // The rows as locked are what the merge writes from (the engine may have changed them meanwhile).
    const merged = locked.contacts.filter(
      (c) => c.id !== survivor.id && c.properties.mergedInto === undefined,
    );
    if (merged.length === 0 && survivor.externalId === input.primaryExternalId) return 'ignored';
    const mergedIds = merged.map((c) => c.id);
    const ids = { installationId, survivorId: survivor.id, mergedIds };
    await mergeEnrollments(deps, tx, { ...ids, locked: locked.enrollments });
    await moveContactRows(tx, ids);
    await mergeScores(tx, ids);
    await retireMerged(tx, merged, survivor.id, now);
    await updateSurvivor(tx, survivor, merged, input.primaryExternalId, now);
    await inheritSuppression(deps, tx, survivor, merged, now);
    await requestRescore(deps, tx, { installationId, contactId: survivor.id, reason: 'crm_merge' });
    return 'applied';
  });
}

/** Tombstones: deleted and marked `mergedInto`; address, external id and suppression kept. */
async function retireMerged(tx: Queryable, merged: ContactRow[], survivorId: string, now: Date) {
  for (const c of merged) {
    await tx
      .update(contacts)
      .set({
        deletedAt: c.deletedAt ?? now,
        properties: { ...c.properties, mergedInto: survivorId, mergedAt: now.toISOString() },
        updatedAt: now,
      })
      .where(eq(contacts.id, c.id));
  }
}

/**
 * The CRM owns identity and the next sync brings the merged record's values; until then the
 * survivor keeps its own values and fills its blanks from the merged contacts.
 */
async function updateSurvivor(
  tx: Queryable,
  survivor: ContactRow,
  merged: ContactRow[],
  primaryExternalId: string,
  now: Date,
) {
  const pick = <
    K extends 'firstName' | 'lastName' | 'company' | 'country' | 'region' | 'ownerId' | 'crmTimeZone',
  >(
    key: K,
  ) => survivor[key] ?? merged.find((m) => m[key] !== null)?.[key] ?? null;
  const properties = Object.assign({}, ...merged.map((m) => m.properties), survivor.properties);
  delete properties.mergedInto;
  delete properties.mergedAt;
  await tx
    .update(contacts)
    .set({
      externalId: primaryExternalId,
      firstName: pick('firstName'),
      lastName: pick('lastName'),
      company: pick('company'),
      country: pick('country'),
      region: pick('region'),
      ownerId: pick('ownerId'),
      crmTimeZone: pick('crmTimeZone'),
      properties,
      updatedAt: now,
    })
    .where(eq(contacts.id, survivor.id));
}
