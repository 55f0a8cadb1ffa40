import type { Queryable } from '../../db/client';
import { getLiveEnrollment } from '../../db/queries/enrollments';
import type { AppDeps } from '../deps';
import { exitEnrollment } from '../sequences/exit';
import { getSequence } from '../sequences/sequences';
import { actorOf, answer, type FlowAnswer, type FlowRequest } from './actions-schemas';
import { findRecordContact, notSynced, target } from './actions-target';

/** "Unenroll from sequence" from a Flow: the live enrollment ends through the one exit path. */
export async function decideUnenroll(
  deps: AppDeps,
  tx: Queryable,
  installationId: string,
  r: FlowRequest,
): Promise<FlowAnswer> {
  const t = target(r);
  if ('outcome' in t) return t;
  const sequence = await getSequence(tx, { installationId, id: t.sequenceId });
  if (!sequence)
    return answer(r.requestId, 'sequence_unknown', `No sequence ${t.sequenceId} in this org's Tandem`);
  const contact = await findRecordContact(tx, installationId, t.recordId);
  if (!contact) return notSynced(r, t, `Not in "${sequence.name}"`);
  const live = await getLiveEnrollment(tx, {
    installationId,
    contactId: contact.id,
    sequenceId: sequence.id,
  });
  if (!live)
    return answer(r.requestId, 'not_enrolled', `Not enrolled in "${sequence.name}"; nothing to remove`);
  const exited = await exitEnrollment(
    deps,
    tx,
    live.id,
    { type: 'remove', reason: 'manual' },
    {
      reason: 'unenrolled by a Salesforce Flow',
      actor: actorOf(r),
      data: { requestId: r.requestId },
    },
  );
  // It ended between the read and the lock (a reply, the last step): it is out either way.
  if (!exited.ok)
    return answer(
      r.requestId,
      'not_enrolled',
      `Not enrolled in "${sequence.name}" any more; nothing to remove`,
      live.id,
    );
  return answer(r.requestId, 'unenrolled', `Unenrolled from "${sequence.name}"`, live.id);
}
