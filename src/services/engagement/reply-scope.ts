import { and, eq, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, enrollments } from '../../db/schema';
import { companyDomain, type ReplyPolicy } from '../../domain/inbound/reply-policy';
import type { AppDeps } from '../deps';
import { exitEnrollment } from '../sequences/exit';
import { liveEnrollmentIds } from './inbound-match';

type Scope = { installationId: string; contactId: string; answeredEnrollmentId: string | null };

/**
 * The enrollments a reply or out-of-office acts on: with the `contact` scope (the default) every live
 * enrollment of the contact, else the answered one (all live ones when none was matched). Sorted,
 * so concurrent messages lock rows in one order.
 */
export async function scopedEnrollmentIds(
  tx: Queryable,
  scope: Scope,
  mode: ReplyPolicy['replyScope'],
): Promise<string[]> {
  if (mode === 'enrollment' && scope.answeredEnrollmentId) return [scope.answeredEnrollmentId];
  const live = await liveEnrollmentIds(tx, scope.installationId, scope.contactId);
  const answered = scope.answeredEnrollmentId;
  // The answered one even when no longer live (its exit then reports why); in id order for locking.
  return answered ? [...new Set([answered, ...live])].sort() : live;
}

/**
 * A human reply ends the contact's enrollments through the one exit path: `replied` for the answered
 * one (or every one when none was matched), `replied_elsewhere` for the contact's other sequences.
 */
export async function exitForReply(
  deps: AppDeps,
  tx: Queryable,
  scope: Scope,
  policy: ReplyPolicy,
  data: Record<string, unknown>,
): Promise<string[]> {
  const exited: string[] = [];
  for (const id of await scopedEnrollmentIds(tx, scope, policy.replyScope)) {
    const elsewhere = scope.answeredEnrollmentId !== null && id !== scope.answeredEnrollmentId;
    const r = await exitEnrollment(
      deps,
      tx,
      id,
      { type: 'reply' },
      {
        reason: elsewhere ? 'replied_elsewhere' : 'replied',
        actor: 'inbound',
        data: elsewhere ? { ...data, answeredEnrollmentId: scope.answeredEnrollmentId } : data,
      },
    );
    if (r.ok) exited.push(id);
  }
  return exited;
}

/**
 * Account-based stop (off by default): the live enrollments of the other contacts at the sender's
 * company domain are removed (`account_replied`). Free-mail domains never count.
 */
export async function exitAccountForReply(
  deps: AppDeps,
  tx: Queryable,
  input: { installationId: string; contactId: string; email: string },
  data: Record<string, unknown>,
): Promise<string[]> {
  const domain = companyDomain(input.email);
  if (!domain) return [];
  const rows = await tx
    .select({ id: enrollments.id })
    .from(enrollments)
    .innerJoin(contacts, eq(contacts.id, enrollments.contactId))
    .where(
      and(
        eq(enrollments.installationId, input.installationId),
        eq(contacts.installationId, input.installationId),
        ne(enrollments.contactId, input.contactId),
        sql`split_part(lower(${contacts.email}), '@', 2) = ${domain}`,
        sql`${enrollments.status} in ('active', 'paused')`,
      ),
    )
    .orderBy(enrollments.id);
  const exited: string[] = [];
  for (const { id } of rows) {
    const r = await exitEnrollment(
      deps,
      tx,
      id,
      { type: 'remove', reason: 'exit_rule' },
      {
        reason: 'account_replied',
        actor: 'inbound',
        data: { ...data, domain, repliedContactId: input.contactId },
      },
    );
    if (r.ok) exited.push(id);
  }
  return exited;
}
