import type { Queryable } from '../../db/client';
import { getLiveEnrollment } from '../../db/queries/enrollments';
import type { AppDeps } from '../deps';
import { exitEnrollment } from '../sequences/exit';
import { getSequence } from '../sequences/sequences';
import { findContactByObjectId } from './actions-contact';
import { type ActionAnswer, type ActionRequest, answer } from './actions-schemas';
import { actorOf, target } from './actions-target';

/** "Unenroll from sequence": the live enrollment ends through the one exit path (jobs cancelled, audited). */
export async function decideUnenroll(
  deps: AppDeps,
  tx: Queryable,
  installationId: string,
  call: ActionRequest,
): Promise<ActionAnswer> {
  const t = target(call);
  if ('outputFields' in t) return t;
  const sequence = await getSequence(tx, { installationId, id: t.sequenceId });
  if (!sequence) return answer('unknown_sequence', `No sequence ${t.sequenceId} in this portal`);
  const contact = await findContactByObjectId(tx, installationId, t.objectId);
  if (!contact)
    return answer(
      'contact_unknown',
      `Contact ${t.objectId} is unknown to Tandem, so not in "${sequence.name}"`,
    );
  const live = await getLiveEnrollment(tx, {
    installationId,
    contactId: contact.id,
    sequenceId: sequence.id,
  });
  if (!live) return answer('not_enrolled', `Not enrolled in "${sequence.name}"; nothing to remove`);
  const exited = await exitEnrollment(
    deps,
    tx,
    live.id,
    { type: 'remove', reason: 'manual' },
    {
      reason: 'unenrolled by a HubSpot workflow',
      actor: actorOf(call),
      data: { callbackId: call.callbackId },
    },
  );
  // The enrollment ended between the read and the lock (reply, completion): it is out either way.
  if (!exited.ok)
    return answer('not_enrolled', `Not enrolled in "${sequence.name}" any more; nothing to remove`, live.id);
  return answer('unenrolled', `Unenrolled from "${sequence.name}"`, live.id);
}
