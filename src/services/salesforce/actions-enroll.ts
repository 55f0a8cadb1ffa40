import type { Queryable } from '../../db/client';
import { assertNever } from '../../lib/result';
import type { AppDeps } from '../deps';
import { enrollInTx } from '../sequences/enroll';
import { getSequence } from '../sequences/sequences';
import { actorOf, answer, type FlowAnswer, type FlowRequest } from './actions-schemas';
import { findRecordContact, notSynced, target } from './actions-target';

/** "Enroll in sequence" from a Flow: through the same enrollInTx the API uses, in the answer's transaction. */
export async function decideEnroll(
  deps: AppDeps,
  tx: Queryable,
  installationId: string,
  r: FlowRequest,
): Promise<FlowAnswer> {
  const t = target(r);
  if ('outcome' in t) return t;
  const contact = await findRecordContact(tx, installationId, t.recordId);
  if (!contact) return notSynced(r, t, 'Not enrolled');
  const result = await enrollInTx(deps, tx, {
    installationId,
    contactId: contact.id,
    sequenceId: t.sequenceId,
    source: 'workflow',
    sourceRef: r.requestId,
    actor: actorOf(r),
  });
  const name = async () =>
    (await getSequence(tx, { installationId, id: t.sequenceId }))?.name ?? t.sequenceId;
  const say = (outcome: FlowAnswer['outcome'], message: string, enrollmentId?: string) =>
    answer(r.requestId, outcome, message, enrollmentId);
  if (result.ok) {
    const { enrollment, alreadyEnrolled } = result.value;
    return alreadyEnrolled
      ? say('already_enrolled', `Already enrolled in "${await name()}" (${enrollment.status})`, enrollment.id)
      : say('enrolled', `Enrolled in "${await name()}"`, enrollment.id);
  }
  const e = result.error;
  switch (e.code) {
    case 'suppressed':
      return say(
        'suppressed',
        `Not enrolled: the ${t.kind} is suppressed (${e.reason.replaceAll('_', ' ')})`,
      );
    case 'sequence_not_found':
      return say('sequence_unknown', `Not enrolled: no sequence ${t.sequenceId} in this org's Tandem`);
    case 'sequence_archived':
      return say('sequence_archived', `Not enrolled: sequence "${await name()}" is archived`);
    case 'sequence_not_published':
      return say(
        'sequence_not_published',
        `Not enrolled: sequence "${await name()}" has no published version`,
      );
    case 'contact_deleted':
      return say('contact_deleted', `Not enrolled: ${t.kind} ${t.recordId} was deleted in Tandem`);
    case 'contact_not_found':
      return notSynced(r, t, 'Not enrolled');
    default:
      return assertNever(e);
  }
}
