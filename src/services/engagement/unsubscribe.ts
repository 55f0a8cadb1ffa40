import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, sends } from '../../db/schema';
import { err, ok, type Result } from '../../lib/result';
import { verifyUnsubscribeToken } from '../../mail/headers';
import type { AppDeps } from '../deps';
import { optOutContact } from './opt-out';

export type UnsubscribeError = { code: 'invalid_token' } | { code: 'unknown_send' };

export type UnsubscribeTarget = {
  installationId: string;
  contactId: string;
  sendId: string;
  enrollmentId: string;
  stepKey: string;
  email: string;
  alreadySuppressed: boolean;
};

/** A forged or tampered token never reaches the database; a valid one must name a send we made. */
export async function resolveUnsubscribe(
  deps: AppDeps,
  db: Queryable,
  token: string,
): Promise<Result<UnsubscribeTarget, UnsubscribeError>> {
  const sendId = await verifyUnsubscribeToken(deps.config.ENCRYPTION_KEY ?? '', token);
  if (!sendId) return err({ code: 'invalid_token' });
  const [row] = await db
    .select({ send: sends, contact: contacts })
    .from(sends)
    .innerJoin(
      contacts,
      and(eq(contacts.id, sends.contactId), eq(contacts.installationId, sends.installationId)),
    )
    .where(eq(sends.id, sendId));
  if (!row) return err({ code: 'unknown_send' });
  return ok({
    installationId: row.send.installationId,
    contactId: row.contact.id,
    sendId: row.send.id,
    enrollmentId: row.send.enrollmentId,
    stepKey: row.send.stepKey,
    email: row.contact.email,
    alreadySuppressed: row.contact.suppressedAt !== null,
  });
}

/** The link's opt-out: idempotent, a second request for the same send changes nothing. */
export async function unsubscribeByToken(
  deps: AppDeps,
  token: string,
  source: 'unsubscribe_page' | 'one_click',
): Promise<Result<UnsubscribeTarget & { exited: string[] }, UnsubscribeError>> {
  return deps.db.transaction(async (tx) => {
    const target = await resolveUnsubscribe(deps, tx, token);
    if (!target.ok) return target;
    const t = target.value;
    const result = await optOutContact(deps, tx, {
      installationId: t.installationId,
      contactId: t.contactId,
      source,
      ref: t.sendId,
      sendId: t.sendId,
      enrollmentId: t.enrollmentId,
      stepKey: t.stepKey,
    });
    return ok({ ...t, exited: result.exited });
  });
}
