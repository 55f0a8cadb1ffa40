import type { Queryable } from '../../db/client';
import type { AppDeps } from '../deps';
import { exitAllForContact } from '../sequences/exit';
import { queueCrmOptOut, suppressContact } from './opt-out';

export type HardBounceInput = {
  installationId: string;
  contactId: string;
  email: string;
  /** The inbound DSN or the send it came from: makes a repeated report write the CRM once. */
  ref: string;
  /** `inbound` for a DSN, `smtp` for a refusal at send time. */
  actor: string;
  data?: Record<string, unknown>;
};

/**
 * The one hard-bounce path (a DSN, too many soft bounces, a "no such user" refusal at send time):
 * every live enrollment of the contact exits `bounced` through the one exit path, the contact is
 * suppressed and the CRM write-back is queued. Enrollment rows are locked before the contact row
 * (the send gate's order). Runs in the caller's transaction; returns the exited enrollments.
 */
export async function hardBounceContact(
  deps: AppDeps,
  tx: Queryable,
  input: HardBounceInput,
): Promise<string[]> {
  const now = deps.clock.now();
  const ids = { installationId: input.installationId, contactId: input.contactId };
  const exited = await exitAllForContact(
    deps,
    tx,
    ids,
    { type: 'hard_bounce' },
    { reason: 'hard_bounced', actor: input.actor, ...(input.data ? { data: input.data } : {}) },
  );
  await suppressContact(tx, ids, 'hard_bounced', now);
  await queueCrmOptOut(tx, { ...ids, email: input.email, reason: 'hard_bounced', ref: input.ref, at: now });
  return exited;
}
