import { and, eq, isNull } from 'drizzle-orm';
import { contacts, engagementEvents } from '../../db/schema';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { type EngagementType, recordEngagement } from './events';

/** Signals a customer's own systems send (site, forms, calendar); mail signals come from tracking. */
export const signalTypes = ['page_visited', 'form_submitted', 'meeting_booked'] as const;
export type SignalType = (typeof signalTypes)[number];

const storedType: Record<SignalType, EngagementType> = {
  page_visited: 'visited',
  form_submitted: 'form_submitted',
  meeting_booked: 'meeting_booked',
};

export type SignalEventInput = {
  id: string;
  type: SignalType;
  contact: { id?: string | undefined; email?: string | undefined; externalId?: string | undefined };
  /** When the sender gave none: now, and a repeat without a time still matches. */
  occurredAt: Date;
  occurredAtGiven: boolean;
  properties: Record<string, unknown>;
};

export type StoredSignal = {
  id: string;
  eventId: string;
  type: SignalType;
  contactId: string;
  occurredAt: Date;
  duplicate: boolean;
};

export type SignalError = { code: 'contact_not_found' } | { code: 'event_id_conflict' };

/** Same id, same meaning: the contact, type, time and properties, keys in a stable order. */
function fingerprint(contactId: string, e: SignalEventInput): string {
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        )
      : v;
  const at = e.occurredAtGiven ? e.occurredAt.toISOString() : null;
  return JSON.stringify([contactId, e.type, at, sorted(e.properties)]);
}

async function findContact(deps: AppDeps, installationId: string, ref: SignalEventInput['contact']) {
  const where = ref.id
    ? eq(contacts.id, ref.id)
    : ref.externalId
      ? eq(contacts.externalId, ref.externalId)
      : eq(contacts.email, (ref.email ?? '').toLowerCase());
  const [row] = await deps.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.installationId, installationId), isNull(contacts.deletedAt), where));
  return row?.id ?? null;
}

/**
 * Records a customer-sent signal once per (installation, event id) in the engagement table, so
 * scoring is woken in the same transaction and branches read it like any other signal.
 * Contacts are never created here: an unknown contact is refused, so a typo cannot invent people.
 */
export async function recordSignalEvent(
  deps: AppDeps,
  installationId: string,
  e: SignalEventInput,
): Promise<Result<StoredSignal, SignalError>> {
  const contactId = await findContact(deps, installationId, e.contact);
  if (!contactId) return err({ code: 'contact_not_found' as const });
  const print = fingerprint(contactId, e);
  const dedupeKey = `api:${installationId}:${e.id}`;
  const created = await deps.db.transaction((tx) =>
    recordEngagement(deps, tx, {
      installationId,
      contactId,
      type: storedType[e.type],
      dedupeKey,
      occurredAt: e.occurredAt,
      url: typeof e.properties.url === 'string' ? e.properties.url : null,
      data: { eventId: e.id, signal: e.type, properties: e.properties, fingerprint: print },
    }),
  );
  const [row] = await deps.db
    .select()
    .from(engagementEvents)
    .where(
      and(eq(engagementEvents.installationId, installationId), eq(engagementEvents.dedupeKey, dedupeKey)),
    );
  if (!row) throw new Error(`signal event ${dedupeKey} vanished after insert`);
  if (row.data.fingerprint !== print) return err({ code: 'event_id_conflict' as const });
  return ok({
    id: row.id,
    eventId: e.id,
    type: e.type,
    contactId: row.contactId,
    occurredAt: row.occurredAt,
    duplicate: !created,
  });
}
