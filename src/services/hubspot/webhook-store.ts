import { and, asc, eq, gt, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { OurWrite } from '../../../connectors/hubspot/webhook-dedupe';
import type { Queryable } from '../../db/client';
import { crmWebhookEvents, crmWrites } from '../../db/schema';

export type StoredEvent = typeof crmWebhookEvents.$inferSelect;

/** Outcomes recorded per event; a failure records `failed: <why>`. */
export type Outcome =
  | 'applied'
  | 'stale'
  | 'echo'
  | 'ignored'
  | 'needs_fetch'
  | 'deleted'
  | `email_taken: ${string}`
  | `failed: ${string}`;

/** The oldest pending events of an installation (by when they happened in the CRM). */
export async function listPending(
  db: Queryable,
  installationId: string,
  limit: number,
): Promise<StoredEvent[]> {
  return db
    .select()
    .from(crmWebhookEvents)
    .where(and(eq(crmWebhookEvents.installationId, installationId), isNull(crmWebhookEvents.processedAt)))
    .orderBy(asc(crmWebhookEvents.occurredAt), asc(crmWebhookEvents.id))
    .limit(limit);
}

/** Records what applying did; only a pending event is marked, so a racing run cannot overwrite it. */
export async function markProcessed(db: Queryable, ids: string[], outcome: Outcome, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(crmWebhookEvents)
    .set({ processedAt: at, outcome: outcome.slice(0, 500) })
    .where(and(inArray(crmWebhookEvents.id, ids), isNull(crmWebhookEvents.processedAt)));
}

/**
 * Whether a later event of the same kind was already applied (or was our own echo, which is
 * the CRM's current value too): then this one is older news and must not overwrite it.
 */
export async function newerApplied(
  db: Queryable,
  e: StoredEvent,
  sameSubject: SQL,
  subscriptionTypes: string[],
): Promise<boolean> {
  const [row] = await db
    .select({ id: crmWebhookEvents.id })
    .from(crmWebhookEvents)
    .where(
      and(
        eq(crmWebhookEvents.installationId, e.installationId),
        inArray(crmWebhookEvents.subscriptionType, subscriptionTypes),
        inArray(crmWebhookEvents.outcome, ['applied', 'echo']),
        gt(crmWebhookEvents.occurredAt, e.occurredAt),
        sameSubject,
      ),
    )
    .limit(1);
  return !!row;
}

/** Same object and property (contact or deal property changes). */
export const sameProperty = (objectId: string, property: string) =>
  and(
    eq(crmWebhookEvents.objectId, objectId),
    sql`${crmWebhookEvents.payload}->>'propertyName' = ${property}`,
  ) as SQL;

/** Same association pair, whichever side HubSpot reported it from. */
export const samePair = (a: string, b: string) =>
  sql`((${crmWebhookEvents.objectId} = ${a} and ${crmWebhookEvents.payload}->>'toObjectId' = ${b})
    or (${crmWebhookEvents.objectId} = ${b} and ${crmWebhookEvents.payload}->>'toObjectId' = ${a}))`;

/**
 * Changes of a contact we could not apply because we did not know it yet: once it exists they go
 * back to pending, so the running apply picks them up (each still checked for staleness).
 */
export async function retryWaiting(db: Queryable, installationId: string, objectId: string): Promise<number> {
  const rows = await db
    .update(crmWebhookEvents)
    .set({ processedAt: null, outcome: null })
    .where(
      and(
        eq(crmWebhookEvents.installationId, installationId),
        eq(crmWebhookEvents.objectId, objectId),
        eq(crmWebhookEvents.subscriptionType, 'contact.propertyChange'),
        eq(crmWebhookEvents.outcome, 'needs_fetch'),
      ),
    )
    .returning({ id: crmWebhookEvents.id });
  return rows.length;
}

/** What we last wrote to this property of this record (echo suppression). */
export async function ourWrites(
  db: Queryable,
  installationId: string,
  objectId: string,
  property: string,
): Promise<OurWrite[]> {
  const rows = await db
    .select()
    .from(crmWrites)
    .where(
      and(
        eq(crmWrites.installationId, installationId),
        eq(crmWrites.objectId, objectId),
        eq(crmWrites.property, property),
      ),
    );
  return rows.map((r) => ({
    externalId: r.objectId,
    property: r.property,
    value: r.value ?? '',
    writtenAt: r.writtenAt,
  }));
}

/** Whether the event is still pending (an erase or a racing run may have settled it meanwhile). */
export async function isPending(db: Queryable, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: crmWebhookEvents.id })
    .from(crmWebhookEvents)
    .where(and(eq(crmWebhookEvents.id, id), isNull(crmWebhookEvents.processedAt)));
  return !!row;
}

/**
 * A record HubSpot privacy-deleted: the erase left no external id on our side, so without this a
 * late change about it would make the person again.
 */
export async function wasErased(db: Queryable, installationId: string, objectId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: crmWebhookEvents.id })
    .from(crmWebhookEvents)
    .where(
      and(
        eq(crmWebhookEvents.installationId, installationId),
        eq(crmWebhookEvents.objectId, objectId),
        eq(crmWebhookEvents.subscriptionType, 'contact.privacyDeletion'),
        isNotNull(crmWebhookEvents.processedAt),
      ),
    )
    .limit(1);
  return !!row;
}
