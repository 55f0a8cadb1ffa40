import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';
import { findEnrollment } from '../sequences/enrollment-history';
import { exitEnrollment } from '../sequences/exit';
import { pauseEnrollment, resumeEnrollment } from '../sequences/pause';
import { type CardData, cardForContact, findCardContact } from './card';
import type { CardAction } from './card-enrollments';

export type CardCrm = 'hubspot' | 'salesforce';
export type CardActionInput = {
  crm: CardCrm;
  installationId: string;
  /** The CRM record the card is showing. */
  objectId: string;
  action: CardAction;
  enrollmentId: string;
};
export type CardActionError = { code: 'not_found' } | { code: 'invalid_transition'; status: string };

// Who did it, in the enrollment's audit trail: the card only knows which CRM's UI it came from.
const LABEL: Record<CardCrm, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };

/**
 * Pause, resume or unenroll from the card, through the same services the API uses (one exit path,
 * state and job change in one transaction). The enrollment must belong to the contact on the record
 * the card is showing, in that installation: a card can never reach another contact's enrollment.
 * Answers the refreshed card so the UI re-renders from the server's state.
 */
export async function runCardAction(
  deps: AppDeps,
  input: CardActionInput,
): Promise<Result<CardData, CardActionError>> {
  const { installationId } = input;
  const actor = `${input.crm}_card`;
  const from = `from the ${LABEL[input.crm]} card`;
  const contact = await findCardContact(deps.db, { installationId, objectId: input.objectId });
  if (!contact) return err({ code: 'not_found' });
  const enrollment = await findEnrollment(deps.db, { installationId, id: input.enrollmentId });
  if (!enrollment || enrollment.contactId !== contact.id) return err({ code: 'not_found' });

  const result = await deps.db.transaction(async (tx) => {
    switch (input.action) {
      case 'pause':
        return pauseEnrollment(deps, tx, enrollment.id, { reason: 'manual', actor });
      case 'resume':
        return resumeEnrollment(deps, tx, enrollment.id, {
          actor,
          reason: `resumed ${from}`,
        });
      case 'unenroll':
        return exitEnrollment(
          deps,
          tx,
          enrollment.id,
          { type: 'remove', reason: 'manual' },
          { reason: `unenrolled ${from}`, actor },
        );
    }
  });
  if (!result.ok) return result;
  return ok(await cardForContact(deps, contact));
}
