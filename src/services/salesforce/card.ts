import type { Result } from '../../lib/result';
import { type CardData, cardForContact, findCardContact } from '../crm/card';
import { type CardActionError, type CardActionInput, runCardAction } from '../crm/card-actions';
import type { AppDeps } from '../deps';

/** The Lightning card's record: the installation comes from the verified callout, never the request. */
export type SalesforceCardRef = { installationId: string; recordId: string };

export const NOT_INSTALLED: CardData = {
  status: 'not_installed',
  message: 'Tandem is not connected to this Salesforce org.',
};

export async function getSalesforceCard(deps: AppDeps, ref: SalesforceCardRef): Promise<CardData> {
  const contact = await findCardContact(deps.db, {
    installationId: ref.installationId,
    objectId: ref.recordId,
  });
  if (!contact) {
    return {
      status: 'unknown_contact',
      message:
        'Tandem has not synced this record yet (it is synced within minutes; a Lead or Contact without an email address never is).',
    };
  }
  return cardForContact(deps, contact);
}

/** A card button (pause, resume, unenroll) on one of this record's enrollments, in this org only. */
export async function runSalesforceCardAction(
  deps: AppDeps,
  input: SalesforceCardRef & Pick<CardActionInput, 'action' | 'enrollmentId'>,
): Promise<Result<CardData, CardActionError>> {
  return runCardAction(deps, {
    crm: 'salesforce',
    installationId: input.installationId,
    objectId: input.recordId,
    action: input.action,
    enrollmentId: input.enrollmentId,
  });
}
