import { and, eq, inArray } from 'drizzle-orm';
import type { CanonicalContact } from '../../../connectors/contract';
import type { Queryable } from '../../db/client';
import { contacts } from '../../db/schema';
import { EmailTakenError, upsertContact } from '../contacts';

/** `conflicts`: contacts whose new address belongs to another contact (skipped). */
export type StoreCounts = { stored: number; unchanged: number; conflicts: number };

export type StoreOptions = {
  /** The stored property holding the CRM's version stamp (HubSpot lastmodifieddate, Salesforce SystemModstamp). */
  modifiedKey?: string;
};

const modifiedMs = (v: unknown) => (typeof v === 'string' ? Date.parse(v) : Number.NaN);

/**
 * Upserts pulled contacts through the contact service (by external id; its email-change rules apply).
 * A version older than the one we hold (a webhook got there first) or the same one is left alone. A
 * contact whose new address belongs to another contact is skipped and counted, never fatal: the
 * merge or the next change in the CRM resolves it.
 */
export async function storeContacts(
  db: Queryable,
  installationId: string,
  records: CanonicalContact[],
  now: Date,
  options: StoreOptions = {},
): Promise<StoreCounts> {
  const modifiedKey = options.modifiedKey ?? 'lastmodifieddate';
  const counts: StoreCounts = { stored: 0, unchanged: 0, conflicts: 0 };
  if (records.length === 0) return counts;
  const held = await db
    .select({
      externalId: contacts.externalId,
      properties: contacts.properties,
      deletedAt: contacts.deletedAt,
    })
    .from(contacts)
    .where(
      and(
        eq(contacts.installationId, installationId),
        inArray(
          contacts.externalId,
          records.map((r) => r.externalId),
        ),
      ),
    );
  const byId = new Map(held.map((h) => [h.externalId, h]));
  for (const r of records) {
    const mine = byId.get(r.externalId);
    const ours = modifiedMs(mine?.properties[modifiedKey]);
    const theirs = modifiedMs(r.updatedAt);
    if (mine && !mine.deletedAt && ours >= theirs) {
      counts.unchanged += 1;
      continue;
    }
    try {
      await upsertContact(
        db,
        installationId,
        {
          email: r.email,
          externalId: r.externalId,
          firstName: r.firstName,
          lastName: r.lastName,
          company: r.company,
          country: r.country,
          region: r.region,
          timeZone: r.timeZone,
          ownerId: r.ownerId,
          // Merged, not replaced: properties written by others (our API, webhooks) stay.
          properties: { ...(mine?.properties ?? {}), ...r.properties },
        },
        now,
      );
      counts.stored += 1;
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      counts.conflicts += 1;
    }
  }
  return counts;
}
