import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, enrollments, installations, sends } from '../../db/schema';
import type { Classification, InboundMessage } from '../../domain/inbound/types';
import { sendIdFromMessageId } from '../../mail/headers';
import { readAddress } from './tokens';

export type SendRow = typeof sends.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;
export type MatchedBy = 'message_id' | 'reply_token' | 'sender_address' | 'bounced_recipient';

export type InboundMatch = {
  by: MatchedBy;
  /** The send it answers or reports on, when known. */
  send: SendRow | null;
  contact: ContactRow;
};

/** Kinds about a recipient of ours rather than written by one: matched by the reported address. */
const REPORT_KINDS = new Set(['hard_bounce', 'soft_bounce', 'complaint']);

/** Our send ids named by the message, most specific first: the reported original, then the thread. */
export function referencedSendIds(msg: InboundMessage, c: Classification): string[] {
  const ids = [c.originalMessageId, msg.inReplyTo, ...[...msg.references].reverse()]
    .filter((v): v is string => typeof v === 'string')
    .map(sendIdFromMessageId)
    .filter((v): v is string => v !== null);
  return [...new Set(ids)];
}

/** Every address the message was delivered to: the SMTP envelope and the usual headers. */
export function recipientsOf(msg: InboundMessage, envelope: readonly string[]): string[] {
  const headerValues = ['to', 'cc', 'delivered-to', 'x-original-to', 'envelope-to'].flatMap(
    (h) => msg.headers[h] ?? [],
  );
  const fromHeaders = headerValues.flatMap((v) => v.match(/[^\s<>,;"']+@[^\s<>,;"']+/g) ?? []);
  return [...new Set([...envelope, ...msg.to, ...fromHeaders].map((a) => a.toLowerCase()))];
}

/**
 * For mail that arrives without an installation (the SMTP listener): our reply address, our
 * installation address, or a send we made. Null when nothing ties it to an installation.
 */
export async function resolveInstallation(
  db: Queryable,
  secret: string,
  input: { msg: InboundMessage; classification: Classification; recipients: string[] },
): Promise<string | null> {
  for (const address of input.recipients) {
    const ref = await readAddress(secret, address);
    if (ref?.kind === 'installation') {
      const [row] = await db
        .select({ id: installations.id })
        .from(installations)
        .where(eq(installations.id, ref.installationId));
      if (row) return row.id;
    }
    if (ref?.kind === 'reply') {
      const [row] = await db
        .select({ installationId: sends.installationId })
        .from(sends)
        .where(eq(sends.id, ref.sendId));
      if (row) return row.installationId;
    }
  }
  const ids = referencedSendIds(input.msg, input.classification);
  if (ids.length === 0) return null;
  const [row] = await db
    .select({ installationId: sends.installationId })
    .from(sends)
    .where(inArray(sends.id, ids))
    .limit(1);
  return row?.installationId ?? null;
}

async function sendWithContact(db: Queryable, installationId: string, sendIds: string[]) {
  if (sendIds.length === 0) return [];
  return db
    .select({ send: sends, contact: contacts })
    .from(sends)
    .innerJoin(contacts, eq(contacts.id, sends.contactId))
    .where(and(eq(sends.installationId, installationId), inArray(sends.id, sendIds)));
}

async function contactByEmail(db: Queryable, installationId: string, email: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.installationId, installationId),
        eq(contacts.email, email.toLowerCase()),
        isNull(contacts.deletedAt),
      ),
    );
  return row ?? null;
}

export async function liveEnrollmentIds(db: Queryable, installationId: string, contactId: string) {
  const rows = await db
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.installationId, installationId),
        eq(enrollments.contactId, contactId),
        sql`${enrollments.status} in ('active', 'paused')`,
      ),
    )
    .orderBy(enrollments.id);
  return rows.map((r) => r.id);
}

/**
 * Matches inside one installation only (a credential never reaches another's sends):
 * 1. In-Reply-To / References / the reported original against our Message-IDs;
 * 2. our reply token in a recipient address;
 * 3. the address: the reported recipient for bounces and complaints, else the sender, among the
 *    installation's contacts (for replies, only a contact with a live enrollment).
 */
export async function matchInbound(
  db: Queryable,
  secret: string,
  input: {
    installationId: string;
    msg: InboundMessage;
    classification: Classification;
    recipients: string[];
  },
): Promise<InboundMatch | null> {
  const { installationId, msg, classification } = input;
  const ids = referencedSendIds(msg, classification);
  const byId = await sendWithContact(db, installationId, ids);
  for (const id of ids) {
    const hit = byId.find((r) => r.send.id === id);
    if (hit) return { by: 'message_id', send: hit.send, contact: hit.contact };
  }
  for (const address of input.recipients) {
    const ref = await readAddress(secret, address);
    if (ref?.kind !== 'reply') continue;
    const [hit] = await sendWithContact(db, installationId, [ref.sendId]);
    if (hit) return { by: 'reply_token', send: hit.send, contact: hit.contact };
  }
  const isReport = REPORT_KINDS.has(classification.kind);
  const address = classification.bouncedRecipient ?? (isReport ? '' : msg.from);
  if (!address) return null;
  const contact = await contactByEmail(db, installationId, address);
  if (!contact) return null;
  const by: MatchedBy = classification.bouncedRecipient ? 'bounced_recipient' : 'sender_address';
  const needsLive = classification.kind === 'human_reply' || classification.kind === 'auto_reply';
  if (needsLive && (await liveEnrollmentIds(db, installationId, contact.id)).length === 0) return null;
  return { by, send: null, contact };
}
