import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts } from '../../db/schema';
import type { AppDeps } from '../deps';
import { type CardEnrollment, listCardEnrollments } from './card-enrollments';
import { type CardScore, getCardScore } from './card-score';

export type { CardAction, CardEnrollment } from './card-enrollments';
export type { CardScore } from './card-score';

/**
 * What a CRM card (HubSpot's React card, Salesforce's LWC) renders. Every status is a 200 the card
 * can show: an account we do not know (not installed, or uninstalled) and a contact we have not
 * synced yet are empty states, not errors.
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

export type CardContact = typeof contacts.$inferSelect;

/** The live contact behind a CRM record id, in that installation only. */
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
