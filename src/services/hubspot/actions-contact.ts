import { and, eq } from 'drizzle-orm';
import { toCanonicalContact } from '../../../connectors/hubspot/mappers';
import type { Queryable } from '../../db/client';
import { contacts } from '../../db/schema';
import { type ContactRow, EmailTakenError, upsertContact } from '../contacts';
import type { AppDeps } from '../deps';
import { requestRescore } from '../scoring/rescore';

export async function findContactByObjectId(
  db: Queryable,
  installationId: string,
  objectId: string,
): Promise<ContactRow | null> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, installationId), eq(contacts.externalId, objectId)));
  return row ?? null;
}

const asText = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;

/**
 * The contact a workflow runs on. One we do not hold yet (the sync has not reached it) is created
 * from the properties HubSpot sent with the call (the definition asks for them through
 * objectRequestOptions), through the same mapper and upsert the sync uses. When HubSpot sent the
 * properties but no email, the contact has none in HubSpot either (fetching it would not help):
 * there is nobody to write to. Without properties (a definition that does not request them), the
 * contact is simply not synced yet.
 */
export async function contactForAction(
  deps: AppDeps,
  tx: Queryable,
  input: { installationId: string; objectId: string; properties: Record<string, unknown> | undefined },
): Promise<ContactRow | 'no_email' | 'not_synced'> {
  const known = await findContactByObjectId(tx, input.installationId, input.objectId);
  if (known) return known;
  if (!input.properties) return 'not_synced';
  const properties = Object.fromEntries(Object.entries(input.properties).map(([k, v]) => [k, asText(v)]));
  const now = deps.clock.now();
  const mapped = toCanonicalContact({ id: input.objectId, properties, updatedAt: now.toISOString() });
  if (!mapped.ok) return 'no_email';
  const c = mapped.value;
  try {
    const row = await upsertContact(
      tx,
      input.installationId,
      {
        email: c.email,
        externalId: c.externalId,
        firstName: c.firstName,
        lastName: c.lastName,
        company: c.company,
        country: c.country,
        region: c.region,
        timeZone: c.timeZone,
        ownerId: c.ownerId,
        properties: c.properties,
      },
      now,
    );
    await requestRescore(deps, tx, {
      installationId: input.installationId,
      contactId: row.id,
      reason: 'contact_updated',
    });
    return row;
  } catch (error) {
    // Another contact already has this address under a different HubSpot id: not ours to merge here.
    if (error instanceof EmailTakenError) return 'not_synced';
    throw error;
  }
}
