import { type ActionAnswer, type ActionRequest, answer } from './actions-schemas';

/** The contact and sequence a call is about, or the answer when it names neither properly. */
export function target(call: ActionRequest): { objectId: string; sequenceId: string } | ActionAnswer {
  const object = call.object;
  if (object?.objectType.toUpperCase() !== 'CONTACT')
    return answer(
      'unsupported_object',
      `Only contacts can be in a sequence (got ${object?.objectType ?? 'no object'})`,
    );
  const sequenceId = call.inputFields.sequenceId;
  if (typeof sequenceId !== 'string' || sequenceId.trim() === '')
    return answer('no_sequence_chosen', 'No sequence was chosen in the workflow action');
  return { objectId: object.objectId, sequenceId: sequenceId.trim() };
}

/** Who the enrollment history names: the workflow, when HubSpot says which. */
export const actorOf = (call: ActionRequest) =>
  call.context?.workflowId ? `hubspot:workflow:${call.context.workflowId}` : 'hubspot:workflow';
