import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';
import { err, type Result } from '../../lib/result';
import { type CardData, cardForContact, findCardContact } from '../crm/card';
import { type CardActionError, type CardActionInput, runCardAction } from '../crm/card-actions';
import type { AppDeps } from '../deps';

export type CardRef = { portalId: string; objectId: string };

/** The HubSpot installation for a portal id (`installations.external_id` holds the hub id). */
export async function findHubSpotInstallation(db: Queryable, portalId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: installations.id })
    .from(installations)
    .where(and(eq(installations.crm, 'hubspot'), eq(installations.externalId, portalId)));
  return row?.id ?? null;
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

/** A card button (pause, resume, unenroll) for a contact of this portal. */
export async function runHubSpotCardAction(
  deps: AppDeps,
  input: CardRef & Pick<CardActionInput, 'action' | 'enrollmentId'>,
): Promise<Result<CardData, CardActionError>> {
  const installationId = await findHubSpotInstallation(deps.db, input.portalId);
  if (!installationId) return err({ code: 'not_found' });
  return runCardAction(deps, { crm: 'hubspot', installationId, ...input });
}
