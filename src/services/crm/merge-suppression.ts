import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts } from '../../db/schema';
import type { AppDeps } from '../deps';
import { type ExitTrigger, exitAllForContact } from '../sequences/exit';
import type { ContactRow } from './merge-locks';

const exitFor: Record<string, ExitTrigger> = {
  unsubscribed: { type: 'opt_out' },
  hard_bounced: { type: 'hard_bounce' },
  complained: { type: 'complaint' },
  manual: { type: 'remove', reason: 'manual' },
};

/**
 * A suppression on either side wins (an opt-out or a complaint has legal weight): the survivor
 * takes the earliest one of the merged contacts when it has none, and its live enrollments (moved
 * ones included) end now, as the send gate would end them at their next step.
 */
export async function inheritSuppression(
  deps: AppDeps,
  tx: Queryable,
  survivor: ContactRow,
  merged: ReadonlyArray<ContactRow>,
  now: Date,
): Promise<boolean> {
  if (survivor.suppressedAt) return false;
  const first = merged
    .filter((m) => m.suppressedAt !== null)
    .sort((a, b) => a.suppressedAt!.getTime() - b.suppressedAt!.getTime())[0];
  if (!first?.suppressedAt) return false;
  const reason = first.suppressionReason ?? 'manual';
  await exitAllForContact(
    deps,
    tx,
    { installationId: survivor.installationId, contactId: survivor.id },
    exitFor[reason] ?? { type: 'remove', reason: 'manual' },
    { reason: `suppressed: ${reason}`, actor: 'crm', data: { mergedFrom: first.id } },
  );
  await tx
    .update(contacts)
    .set({ suppressedAt: first.suppressedAt, suppressionReason: reason, updatedAt: now })
    .where(eq(contacts.id, survivor.id));
  return true;
}
