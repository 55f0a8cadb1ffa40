import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { contacts, suppressionLifts } from '../db/schema';
import { newId } from '../lib/ids';
import { err, ok, type Result } from '../lib/result';
import type { Scope } from './api-keys';
import type { AppDeps } from './deps';

type SuppressionDeps = Pick<AppDeps, 'db' | 'clock'>;

export type Suppression = {
  contactId: string;
  installationId: string;
  email: string;
  reason: string;
  suppressedAt: Date;
};

export type SuppressionLift = typeof suppressionLifts.$inferSelect;

export type LiftError =
  | { code: 'contact_not_found' }
  | { code: 'not_suppressed' }
  | { code: 'reason_required' };

const scoped = (scope: Scope) =>
  scope.installationId === null ? undefined : eq(contacts.installationId, scope.installationId);

/** Suppressed contacts (unsubscribed, hard-bounced, complained, manual), newest first. */
export async function listSuppressions(deps: SuppressionDeps, scope: Scope): Promise<Suppression[]> {
  const rows = await deps.db
    .select({
      contactId: contacts.id,
      installationId: contacts.installationId,
      email: contacts.email,
      reason: contacts.suppressionReason,
      suppressedAt: contacts.suppressedAt,
    })
    .from(contacts)
    .where(and(isNotNull(contacts.suppressedAt), scoped(scope)))
    .orderBy(desc(contacts.suppressedAt), contacts.id);
  return rows.map((r) => ({ ...r, reason: r.reason ?? 'manual', suppressedAt: r.suppressedAt! }));
}

/**
 * Lifts a contact's suppression so it can be enrolled again (enrollments that exited stay exited).
 * Audited: who, when, why and what the suppression was, in the same transaction.
 */
export async function liftSuppression(
  deps: SuppressionDeps,
  scope: Scope,
  input: { contactId: string; reason: string; actor: string },
): Promise<Result<SuppressionLift, LiftError>> {
  const reason = input.reason.trim();
  if (!reason) return err({ code: 'reason_required' });
  return deps.db.transaction(async (tx) => {
    const [contact] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.id, input.contactId), scoped(scope)))
      .for('update');
    if (!contact) return err({ code: 'contact_not_found' as const });
    if (!contact.suppressedAt) return err({ code: 'not_suppressed' as const });
    const now = deps.clock.now();
    const lift = await recordLift(tx, contact, { liftedBy: input.actor, reason, at: now });
    await tx
      .update(contacts)
      .set({ suppressedAt: null, suppressionReason: null, updatedAt: now })
      .where(eq(contacts.id, contact.id));
    return ok(lift);
  });
}

/**
 * The audit row of a lift: who, why, and what the suppression was. The caller clears the contact's
 * suppression in the same transaction.
 */
export async function recordLift(
  tx: Queryable,
  contact: typeof contacts.$inferSelect,
  by: { liftedBy: string; reason: string; at: Date },
): Promise<SuppressionLift> {
  const [lift] = await tx
    .insert(suppressionLifts)
    .values({
      id: newId('sup'),
      installationId: contact.installationId,
      contactId: contact.id,
      email: contact.email,
      suppressionReason: contact.suppressionReason,
      suppressedAt: contact.suppressedAt,
      liftedBy: by.liftedBy,
      reason: by.reason,
      liftedAt: by.at,
    })
    .returning();
  return lift!;
}

/** The audit of lifted suppressions, newest first. */
export async function listSuppressionLifts(deps: SuppressionDeps, scope: Scope): Promise<SuppressionLift[]> {
  const where =
    scope.installationId === null ? undefined : eq(suppressionLifts.installationId, scope.installationId);
  return deps.db
    .select()
    .from(suppressionLifts)
    .where(where)
    .orderBy(desc(suppressionLifts.liftedAt), suppressionLifts.id);
}
