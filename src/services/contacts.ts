import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { contacts } from '../db/schema';
import { newId } from '../lib/ids';

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
  return row!;
}

export async function getContact(db: Queryable, params: { installationId: string; id: string }) {
  const rows = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, params.installationId), eq(contacts.id, params.id)));
  return rows[0] ?? null;
}
