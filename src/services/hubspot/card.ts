import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, installations } from '../../db/schema';
import type { AppDeps } from '../deps';
import { type CardEnrollment, listCardEnrollments } from './card-enrollments';
import { type CardScore, getCardScore } from './card-score';

export type { CardAction, CardEnrollment } from './card-enrollments';
export type { CardScore } from './card-score';

/**
 * What the HubSpot card renders. Every status is a 200 the card can show: a portal we do not know
 * (not installed, or uninstalled) and a contact we have not synced yet are empty states, not errors.
 */
export type CardData =
  | { status: 'not_installed'; message: string }
  | { status: 'unknown_contact'; message: string }
  | {
      status: 'ok';
      contact: { id: string; email: string; name: string | null };
      score: CardScore | null;
      enrollments: CardEnrollment[];
      generatedAt: string;
    };

export type CardRef = { portalId: string; objectId: string };
export type CardContact = typeof contacts.$inferSelect;

/** The HubSpot installation for a portal id (`installations.external_id` holds the hub id). */
export async function findHubSpotInstallation(db: Queryable, portalId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: installations.id })
    .from(installations)
    .where(and(eq(installations.crm, 'hubspot'), eq(installations.externalId, portalId)));
  return row?.id ?? null;
}

/** The live contact behind a HubSpot record id, in that installation only. */
export async function findCardContact(
  db: Queryable,
  params: { installationId: string; objectId: string },
): Promise<CardContact | null> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.installationId, params.installationId),
        eq(contacts.externalId, params.objectId),
        isNull(contacts.deletedAt),
      ),
    );
  return row ?? null;
}

export async function getCardData(deps: AppDeps, ref: CardRef): Promise<CardData> {
  const installationId = await findHubSpotInstallation(deps.db, ref.portalId);
  if (!installationId) {
    return { status: 'not_installed', message: 'Tandem is not connected to this HubSpot account.' };
  }
  const contact = await findCardContact(deps.db, { installationId, objectId: ref.objectId });
  if (!contact) {
    return {
      status: 'unknown_contact',
      message: 'Tandem has not synced this contact yet (a contact without an email address is never synced).',
    };
  }
  return cardForContact(deps, contact);
}

export async function cardForContact(deps: AppDeps, contact: CardContact): Promise<CardData> {
  const now = deps.clock.now();
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  return {
    status: 'ok',
    contact: { id: contact.id, email: contact.email, name: name || null },
    score: await getCardScore(deps.db, contact, now),
    enrollments: await listCardEnrollments(deps.db, {
      installationId: contact.installationId,
      contactId: contact.id,
    }),
    generatedAt: now.toISOString(),
  };
}
