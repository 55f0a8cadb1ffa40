import { and, eq, isNull, sql } from 'drizzle-orm';
import type { RawLead } from '../../../connectors/salesforce/schemas';
import { contacts } from '../../db/schema';
import { mergeContacts } from '../crm/merge';
import type { AppDeps } from '../deps';

export type ConversionCounts = { rekeyed: number; merged: number; unchanged: number };

/**
 * A converted Lead becomes its ConvertedContactId. mergeContacts with the Contact as primary does
 * both cases under its locks: when we hold only the Lead's row, that row takes the Contact's id
 * (same row, score and enrollments); when we hold both, the Lead folds into the Contact (one score,
 * one enrollment per sequence, the Lead a tombstone). Idempotent: a re-pulled converted Lead finds
 * no live row under its id and changes nothing.
 */
export async function applyConversions(
  deps: AppDeps,
  installationId: string,
  leads: readonly RawLead[],
): Promise<ConversionCounts> {
  const counts: ConversionCounts = { rekeyed: 0, merged: 0, unchanged: 0 };
  for (const lead of leads) {
    const contactId = lead.ConvertedContactId;
    if (!lead.IsConverted || !contactId) continue;
    const held = await deps.db
      .select({ externalId: contacts.externalId })
      .from(contacts)
      .where(
        and(
          eq(contacts.installationId, installationId),
          isNull(contacts.deletedAt),
          sql`${contacts.externalId} in (${lead.Id}, ${contactId})`,
        ),
      );
    if (!held.some((h) => h.externalId === lead.Id)) {
      counts.unchanged += 1;
      continue;
    }
    const both = held.some((h) => h.externalId === contactId);
    const now = deps.clock.now();
    await mergeContacts(
      deps,
      installationId,
      { primaryExternalId: contactId, mergedExternalIds: [lead.Id] },
      now,
    );
    if (both) {
      counts.merged += 1;
      continue;
    }
    // The row still carries the Lead's version stamp; the Contact (often stamped the same second)
    // must not be taken for an older copy of it, so the stamp goes and the next pull writes it.
    await deps.db
      .update(contacts)
      .set({
        properties: sql`(${contacts.properties} - 'SystemModstamp') || ${JSON.stringify({ sobject: 'Contact', convertedFromLead: lead.Id })}::jsonb`,
        updatedAt: now,
      })
      .where(and(eq(contacts.installationId, installationId), eq(contacts.externalId, contactId)));
    counts.rekeyed += 1;
  }
  return counts;
}
