import { and, eq } from 'drizzle-orm';
import { personKind } from '../../../connectors/salesforce/ids';
import type { Queryable } from '../../db/client';
import { contacts } from '../../db/schema';
import type { ContactRow } from '../contacts';
import { answer, type FlowAnswer, type FlowRequest } from './actions-schemas';

export type FlowTarget = { recordId: string; kind: 'Lead' | 'Contact'; sequenceId: string };

/** The record and sequence a request is about, or the answer when it names neither properly. */
export function target(r: FlowRequest): FlowTarget | FlowAnswer {
  const kind = personKind(r.recordId);
  if (!kind)
    return answer(
      r.requestId,
      'unsupported_object',
      `Only Leads and Contacts can be in a sequence (record ${r.recordId} is neither)`,
    );
  if (!r.sequenceId)
    return answer(r.requestId, 'no_sequence_chosen', 'No sequence was chosen in the Flow action');
  return { recordId: r.recordId, kind, sequenceId: r.sequenceId };
}

/** The contact we synced from this Lead or Contact, in this installation only (deleted ones too). */
export async function findRecordContact(
  db: Queryable,
  installationId: string,
  recordId: string,
): Promise<ContactRow | null> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, installationId), eq(contacts.externalId, recordId)));
  return row ?? null;
}

/**
 * Why a record is not known: the sync (every minute) has not reached it yet, or it has no email
 * address (such records are never synced). The Flow can wait and retry on this outcome.
 */
export const notSynced = (r: FlowRequest, t: FlowTarget, what: string) =>
  answer(
    r.requestId,
    'contact_unknown',
    `${what}: ${t.kind} ${t.recordId} is not synced to Tandem yet (it is synced within minutes if it has an email address)`,
  );
