import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { contacts } from '../db/schema';
import { newId } from '../lib/ids';
import { contactZone } from './cadence/context';
import { getCadenceSettings } from './cadence/settings';
import type { AppDeps } from './deps';
import { exitAllForContact } from './sequences/exit';

export type ContactInput = {
  email: string;
  externalId?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  company?: string | null | undefined;
  country?: string | null | undefined;
  region?: string | null | undefined;
  timeZone?: string | null | undefined;
  ownerId?: string | null | undefined;
  properties?: Record<string, unknown> | undefined;
};

export type ContactRow = typeof contacts.$inferSelect;

const inputColumns = {
  externalId: 'externalId',
  firstName: 'firstName',
  lastName: 'lastName',
  company: 'company',
  country: 'country',
  region: 'region',
  timeZone: 'crmTimeZone',
  ownerId: 'ownerId',
  properties: 'properties',
} as const;

/** Upsert by (installation, email): the CRM owns identity, so later values win. */
export async function upsertContact(
  db: Queryable,
  installationId: string,
  input: ContactInput,
  now: Date,
): Promise<ContactRow> {
  const email = input.email.trim().toLowerCase();
  const fields = {
    externalId: input.externalId ?? null,
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    company: input.company ?? null,
    country: input.country ?? null,
    region: input.region ?? null,
    crmTimeZone: input.timeZone ?? null,
    ownerId: input.ownerId ?? null,
    properties: input.properties ?? {},
  };
  // On update only the fields the caller sent change; an absent field keeps its value.
  const sent: Partial<typeof fields> = {};
  for (const [inputKey, column] of Object.entries(inputColumns)) {
    if ((input as Record<string, unknown>)[inputKey] !== undefined)
      Object.assign(sent, { [column]: fields[column] });
  }
  const [row] = await db
    .insert(contacts)
    .values({ id: newId('con'), installationId, email, ...fields, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [contacts.installationId, contacts.email],
      set: { ...sent, updatedAt: now, deletedAt: sql`null` },
    })
    .returning();
  return withResolvedZone(db, row!);
}

/**
 * Stores the zone sends are planned in and its source (crm, inferred, default) for explanations.
 * The planner resolves it again from the same fields at plan time, so this is never stale for long.
 */
async function withResolvedZone(db: Queryable, row: ContactRow): Promise<ContactRow> {
  const { settings } = await getCadenceSettings(db, row.installationId);
  const resolved = contactZone(row, settings.defaultZone);
  if (row.timeZone === resolved.zone && row.timeZoneSource === resolved.source) return row;
  const [updated] = await db
    .update(contacts)
    .set({ timeZone: resolved.zone, timeZoneSource: resolved.source })
    .where(and(eq(contacts.installationId, row.installationId), eq(contacts.id, row.id)))
    .returning();
  return updated ?? row;
}

export async function getContact(db: Queryable, params: { installationId: string; id: string }) {
  const rows = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, params.installationId), eq(contacts.id, params.id)));
  return rows[0] ?? null;
}

/**
 * The CRM deleted the contact: every live enrollment ends through the one exit path (pending jobs
 * cancelled), then the contact is marked deleted, in that lock order (enrollment rows, then the
 * contact row) like the send gate. Upserting the same email later brings the contact back.
 */
export async function deleteContact(
  deps: AppDeps,
  params: { installationId: string; contactId: string; actor: string },
): Promise<{ deletedAt: Date; exited: string[] } | null> {
  return deps.db.transaction(async (tx) => {
    const contact = await getContact(tx, { installationId: params.installationId, id: params.contactId });
    if (!contact) return null;
    const exited = await exitAllForContact(
      deps,
      tx,
      { installationId: params.installationId, contactId: params.contactId },
      { type: 'remove', reason: 'contact_deleted' },
      { reason: 'contact_deleted', actor: params.actor },
    );
    const deletedAt = contact.deletedAt ?? deps.clock.now();
    await tx
      .update(contacts)
      .set({ deletedAt, updatedAt: deps.clock.now() })
      .where(and(eq(contacts.installationId, params.installationId), eq(contacts.id, params.contactId)));
    return { deletedAt, exited };
  });
}
