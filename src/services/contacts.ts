import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { contacts } from '../db/schema';
import { newId } from '../lib/ids';
import { contactZone } from './cadence/context';
import { getCadenceSettings } from './cadence/settings';
import type { AppDeps } from './deps';
import { exitAllForContact } from './sequences/exit';
import { recordLift } from './suppressions';

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

/** The CRM moved a contact to an address another contact of the installation already has. */
export class EmailTakenError extends Error {
  readonly code = 'email_taken';
  constructor(
    readonly email: string,
    readonly contactId: string,
  ) {
    super(`${email} belongs to another contact (${contactId})`);
  }
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}

/**
 * Upsert: by (installation, external id) when one is given, so a CRM that changes a contact's
 * address updates that contact; else by (installation, email). The CRM owns identity, so later values
 * win. Each attempt runs in a savepoint: a racing insert of the same contact (a unique violation)
 * is retried and then finds the row. Throws EmailTakenError when the new address is another contact's.
 */
export async function upsertContact(
  db: Queryable,
  installationId: string,
  input: ContactInput,
  now: Date,
): Promise<ContactRow> {
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db.transaction((sp) => upsertOnce(sp, installationId, input, now));
      return withResolvedZone(db, row);
    } catch (error) {
      if (attempt >= 2 || !isUniqueViolation(error)) throw error;
    }
  }
}

async function upsertOnce(
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
  if (fields.externalId) {
    const [known] = await db
      .select()
      .from(contacts)
      .where(and(eq(contacts.installationId, installationId), eq(contacts.externalId, fields.externalId)))
      .for('update');
    if (known) return updateKnown(db, known, { ...sent, email }, now);
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

/**
 * The contact the CRM knows by this external id, with the values sent. A new address must be free;
 * a hard-bounce suppression belonged to the old address and is lifted (audited), while an
 * unsubscribe, a complaint or a manual suppression stays with the person.
 */
async function updateKnown(
  db: Queryable,
  known: ContactRow,
  set: Partial<ContactRow> & { email: string },
  now: Date,
): Promise<ContactRow> {
  const moved = set.email !== known.email;
  if (moved) {
    const [other] = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.installationId, known.installationId), eq(contacts.email, set.email)));
    if (other) throw new EmailTakenError(set.email, other.id);
  }
  const liftBounce = moved && known.suppressionReason === 'hard_bounced';
  if (liftBounce) {
    await recordLift(db, known, {
      liftedBy: 'crm',
      reason: `address changed in the CRM to ${set.email}; the bounce was the old address's`,
      at: now,
    });
  }
  const [row] = await db
    .update(contacts)
    .set({
      ...set,
      ...(liftBounce ? { suppressedAt: null, suppressionReason: null } : {}),
      updatedAt: now,
      deletedAt: null,
    })
    .where(eq(contacts.id, known.id))
    .returning();
  return row!;
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
