import { and, eq } from 'drizzle-orm';
import type { ChangeEvent } from '../../../connectors/hubspot/webhook-events';
import type { Queryable } from '../../db/client';
import { contacts } from '../../db/schema';
import { type ContactRow, deleteContact, EmailTakenError, upsertContact } from '../contacts';
import { optOutFromCrm } from '../crm/opt-out';
import type { AppDeps } from '../deps';
import { requestRescore } from '../scoring/rescore';
import { columnsFor, isOptOut, normalEmail } from './webhook-property';
import {
  newerApplied,
  type Outcome,
  retryWaiting,
  type StoredEvent,
  sameProperty,
  wasErased,
} from './webhook-store';

type PropertyChange = Extract<ChangeEvent, { kind: 'contact_changed' }>;

async function byExternalId(
  db: Queryable,
  installationId: string,
  externalId: string,
  lock = false,
): Promise<ContactRow | null> {
  const query = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, installationId), eq(contacts.externalId, externalId)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/** A contact the CRM has and we do not: made from its address, then its waiting changes retried. */
async function createFromEmail(
  deps: AppDeps,
  tx: Queryable,
  stored: StoredEvent,
  externalId: string,
  email: string,
): Promise<Outcome> {
  if (await wasErased(tx, stored.installationId, externalId)) return 'deleted';
  const now = deps.clock.now();
  const row = await upsertContact(
    tx,
    stored.installationId,
    { email, externalId, properties: { email } },
    now,
  );
  await retryWaiting(tx, stored.installationId, externalId);
  await requestRescore(deps, tx, {
    installationId: row.installationId,
    contactId: row.id,
    reason: 'crm:created',
  });
  return 'applied';
}

/** contact.creation carries no properties, unless it names the address: else the sync fetches it. */
export async function applyContactCreated(
  deps: AppDeps,
  stored: StoredEvent,
  e: ChangeEvent,
): Promise<Outcome> {
  const raw = e.raw;
  const email = raw.propertyName === 'email' ? normalEmail(raw.propertyValue ?? '') : null;
  return deps.db.transaction(async (tx): Promise<Outcome> => {
    if (await byExternalId(tx, stored.installationId, e.externalId)) return 'ignored';
    if (!email) return 'needs_fetch';
    return createFromEmail(deps, tx, stored, e.externalId, email);
  });
}

/**
 * One property of one contact. Older than the change already applied to that property: `stale`.
 * An address change follows the contact rules (a taken address is refused with its reason);
 * hs_email_optout=true suppresses like an unsubscribe.
 */
export async function applyContactChange(
  deps: AppDeps,
  stored: StoredEvent,
  e: PropertyChange,
): Promise<Outcome> {
  if (await newerApplied(deps.db, stored, sameProperty(e.externalId, e.property), ['contact.propertyChange']))
    return 'stale';
  const email = e.property === 'email' ? normalEmail(e.value) : undefined;
  if (email === null) return 'ignored'; // an emptied or invalid address: we keep the one we have
  return deps.db.transaction(async (tx): Promise<Outcome> => {
    const seen = await byExternalId(tx, stored.installationId, e.externalId);
    if (!seen) return email ? createFromEmail(deps, tx, stored, e.externalId, email) : 'needs_fetch';
    if (seen.deletedAt) return 'deleted';
    // The record as the sync last read it already holds every change up to its lastmodifieddate
    // (a retried delivery can come hours late, after a reconcile pulled the newer value).
    if (e.occurredAt < Date.parse(String(seen.properties.lastmodifieddate ?? ''))) return 'stale';
    const ids = { installationId: seen.installationId, contactId: seen.id };
    if (isOptOut(e.property, e.value))
      await optOutFromCrm(deps, tx, ids, stored.id, { actor: 'hubspot', property: 'hs_email_optout' });
    // Locked after the enrollments (opt-out above), and re-read so no other property is lost.
    const contact = (await byExternalId(tx, stored.installationId, e.externalId, true)) ?? seen;
    const input = {
      email: email ?? contact.email,
      externalId: e.externalId,
      properties: { ...contact.properties, [e.property]: e.value },
      ...columnsFor(e.property, e.value),
    };
    try {
      await upsertContact(tx, stored.installationId, input, deps.clock.now());
    } catch (error) {
      if (error instanceof EmailTakenError) return `email_taken: the address belongs to ${error.contactId}`;
      throw error;
    }
    await requestRescore(deps, tx, { ...ids, reason: `crm:${e.property}` });
    return 'applied';
  });
}

/** Soft delete through the contact service: live enrollments end (contact_deleted), jobs cancelled. */
export async function applyContactDeleted(
  deps: AppDeps,
  stored: StoredEvent,
  e: ChangeEvent,
): Promise<Outcome> {
  const contact = await byExternalId(deps.db, stored.installationId, e.externalId);
  if (!contact) return 'ignored';
  if (contact.deletedAt) return 'applied';
  const done = await deleteContact(deps, {
    installationId: stored.installationId,
    contactId: contact.id,
    actor: 'hubspot',
  });
  return done ? 'applied' : 'ignored';
}
