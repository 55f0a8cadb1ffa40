import type { Queryable } from '../../db/client';
import { assertNever, err, ok, type Result } from '../../lib/result';
import { answerOnce } from '../crm/action-calls';
import type { AppDeps } from '../deps';
import { enrollInTx } from '../sequences/enroll';
import { getSequence } from '../sequences/sequences';
import { findPortalInstallation } from './actions-auth';
import { contactForAction } from './actions-contact';
import { type ActionAnswer, type ActionRequest, actionRequest, answer } from './actions-schemas';
import { actorOf, target } from './actions-target';
import { decideUnenroll } from './actions-unenroll';

export type ActionKind = 'enroll' | 'unenroll';
export type ActionInputError = { code: 'validation_failed'; message: string };

/**
 * A HubSpot workflow asks to enroll a contact in (or remove it from) a sequence. The body is
 * parsed only after the route verified its signature. Every decision is an answer HubSpot shows
 * in the workflow history; only a malformed body is an HTTP error.
 */
export async function runWorkflowAction(
  deps: AppDeps,
  kind: ActionKind,
  body: unknown,
): Promise<Result<ActionAnswer, ActionInputError>> {
  const parsed = actionRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return err({ code: 'validation_failed', message: `${where}${issue?.message ?? 'invalid request'}` });
  }
  const call = parsed.data;
  const portalId = call.origin.portalId;
  const installation = await findPortalInstallation(deps.db, portalId);
  // Nothing to store against: no installation, no row. HubSpot continues the workflow.
  if (!installation)
    return ok(answer('unknown_portal', `HubSpot portal ${portalId} has not installed Tandem`));
  const key = { installationId: installation.id, callbackId: call.callbackId };
  return ok(
    await answerOnce(deps, key, `hubspot.${kind}`, (tx) =>
      kind === 'enroll'
        ? decideEnroll(deps, tx, installation.id, call)
        : decideUnenroll(deps, tx, installation.id, call),
    ),
  );
}

async function decideEnroll(
  deps: AppDeps,
  tx: Queryable,
  installationId: string,
  call: ActionRequest,
): Promise<ActionAnswer> {
  const t = target(call);
  if ('outputFields' in t) return t;
  const contact = await contactForAction(deps, tx, {
    installationId,
    objectId: t.objectId,
    properties: call.object?.properties,
  });
  if (contact === 'no_email')
    return answer('contact_unknown', `Not enrolled: contact ${t.objectId} has no email address in HubSpot`);
  if (contact === 'not_synced')
    return answer('contact_unknown', `Not enrolled: contact ${t.objectId} is not synced to Tandem yet`);
  const result = await enrollInTx(deps, tx, {
    installationId,
    contactId: contact.id,
    sequenceId: t.sequenceId,
    source: 'workflow',
    sourceRef: call.callbackId,
    actor: actorOf(call),
  });
  const name = async () =>
    (await getSequence(tx, { installationId, id: t.sequenceId }))?.name ?? t.sequenceId;
  if (result.ok) {
    const { enrollment, alreadyEnrolled } = result.value;
    return alreadyEnrolled
      ? answer(
          'already_enrolled',
          `Already enrolled in "${await name()}" (${enrollment.status})`,
          enrollment.id,
        )
      : answer('enrolled', `Enrolled in "${await name()}"`, enrollment.id);
  }
  const e = result.error;
  switch (e.code) {
    case 'suppressed':
      return answer('suppressed', `Not enrolled: the contact is suppressed (${e.reason.replace('_', ' ')})`);
    case 'sequence_not_found':
      return answer('unknown_sequence', `Not enrolled: no sequence ${t.sequenceId} in this portal`);
    case 'sequence_archived':
      return answer('sequence_archived', `Not enrolled: sequence "${await name()}" is archived`);
    case 'sequence_not_published':
      return answer(
        'sequence_not_published',
        `Not enrolled: sequence "${await name()}" has no published version`,
      );
    case 'contact_deleted':
      return answer('contact_deleted', 'Not enrolled: the contact was deleted');
    case 'contact_not_found':
      return answer('contact_unknown', `Not enrolled: contact ${t.objectId} is unknown`);
    default:
      return assertNever(e);
  }
}
