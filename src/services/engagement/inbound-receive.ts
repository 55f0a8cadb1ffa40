import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { inboundMessages } from '../../db/schema';
import { classifyInbound } from '../../domain/inbound/classify';
import type { Classification, InboundMessage } from '../../domain/inbound/types';
import { sha256Hex } from '../../lib/crypto';
import { newId } from '../../lib/ids';
import { err, ok, type Result } from '../../lib/result';
import { parseInbound } from '../../mail/parse-inbound';
import type { AppDeps } from '../deps';
import { applyInbound } from './inbound-actions';
import { matchInbound, recipientsOf, resolveInstallation } from './inbound-match';

export type InboundRow = typeof inboundMessages.$inferSelect;

export type ReceiveInput = {
  /** Known from the webhook's credentials; null for the SMTP listener (resolved from the mail). */
  installationId: string | null;
  raw: string;
  /** SMTP envelope recipients, when the mail came over SMTP. */
  envelopeTo?: readonly string[];
};

export type Received = { row: InboundRow; duplicate: boolean };
export type ReceiveError =
  | { code: 'malformed'; message: string }
  | { code: 'no_installation'; message: string }
  | { code: 'failed'; message: string; row: InboundRow };

const MAX_RAW_CHARS = 10 * 1024 * 1024;

async function parse(raw: string): Promise<Result<InboundMessage, ReceiveError>> {
  // A message needs a header block: at least a From, Message-ID or Received line before the body.
  const headerBlock = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  if (!/^(from|message-id|received|return-path|date):/im.test(headerBlock)) {
    return err({ code: 'malformed', message: 'Not an RFC 822 message: no From, Date or Message-ID header' });
  }
  try {
    return ok(await parseInbound(raw));
  } catch (e) {
    return err({ code: 'malformed', message: `Unparseable message: ${String(e).slice(0, 200)}` });
  }
}

/** Our dedupe key: the Message-ID, or a digest of the bytes for mail that has none. */
async function messageKey(msg: InboundMessage, raw: string): Promise<string> {
  return msg.messageId?.slice(0, 500) ?? `<sha256.${await sha256Hex(raw)}@tandem.invalid>`;
}

async function findRow(db: Queryable, installationId: string, messageId: string) {
  const [row] = await db
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.installationId, installationId), eq(inboundMessages.messageId, messageId)));
  return row ?? null;
}

/**
 * Inbound mail, from either door (webhook or SMTP): parse, classify, store, match, act. The row,
 * the match and every action commit together; a second delivery of one Message-ID does nothing.
 * An unmatched message is kept as `unmatched`; one whose actions threw is kept as `failed` (and
 * processed again on its next delivery), so nothing is lost.
 */
export async function receiveInbound(
  deps: AppDeps,
  input: ReceiveInput,
): Promise<Result<Received, ReceiveError>> {
  if (input.raw.length > MAX_RAW_CHARS) return err({ code: 'malformed', message: 'Message too large' });
  const raw = input.raw.replaceAll('\0', '');
  const parsed = await parse(raw);
  if (!parsed.ok) return parsed;
  const msg = parsed.value;
  const now = deps.clock.now();
  const classification = classifyInbound(msg, now);
  const secret = deps.config.ENCRYPTION_KEY ?? '';
  const recipients = recipientsOf(msg, input.envelopeTo ?? []);
  const installationId =
    input.installationId ?? (await resolveInstallation(deps.db, secret, { msg, classification, recipients }));
  if (!installationId) {
    return err({ code: 'no_installation', message: 'No installation: not addressed to us, no send of ours' });
  }
  const key = await messageKey(msg, raw);
  const base = { installationId, messageId: key, msg, classification, raw, now };
  try {
    return ok(await deps.db.transaction((tx) => processInTx(deps, tx, { ...base, recipients })));
  } catch (error) {
    deps.logger.error('inbound processing failed', { installationId, messageId: key, error: String(error) });
    const row = await storeFailed(deps, base, String(error));
    return err({ code: 'failed', message: 'Stored, but processing failed; deliver again to retry', row });
  }
}

type Base = {
  installationId: string;
  messageId: string;
  msg: InboundMessage;
  classification: Classification;
  raw: string;
  now: Date;
};

function rowValues(b: Base) {
  return {
    installationId: b.installationId,
    messageId: b.messageId,
    fromAddress: b.msg.from,
    subject: b.msg.subject.slice(0, 1000),
    kind: b.classification.kind,
    confidence: b.classification.confidence,
    evidence: b.classification.evidence,
    flags: b.classification.flags,
    raw: b.raw,
    receivedAt: b.now,
  };
}

async function processInTx(
  deps: AppDeps,
  tx: Queryable,
  b: Base & { recipients: string[] },
): Promise<Received> {
  const [inserted] = await tx
    .insert(inboundMessages)
    .values({ id: newId('inb'), ...rowValues(b), status: 'unmatched' })
    .onConflictDoNothing({ target: [inboundMessages.installationId, inboundMessages.messageId] })
    .returning();
  let row = inserted ?? null;
  if (!row) {
    const existing = await findRow(tx, b.installationId, b.messageId);
    if (!existing) throw new Error('inbound row vanished after a conflict');
    if (existing.status !== 'failed') return { row: existing, duplicate: true };
    row = existing; // its earlier processing failed: try again
  }
  const secret = deps.config.ENCRYPTION_KEY ?? '';
  const match = await matchInbound(tx, secret, {
    installationId: b.installationId,
    msg: b.msg,
    classification: b.classification,
    recipients: b.recipients,
  });
  const outcome = match
    ? await applyInbound(deps, tx, {
        inboundId: row.id,
        installationId: b.installationId,
        msg: b.msg,
        classification: b.classification,
        match,
      })
    : null;
  const [updated] = await tx
    .update(inboundMessages)
    .set({
      status: match ? 'processed' : 'unmatched',
      matchedBy: match?.by ?? null,
      matchedSendId: match?.send?.id ?? null,
      contactId: match?.contact.id ?? null,
      enrollmentId: match?.send?.enrollmentId ?? outcome?.enrollmentIds[0] ?? null,
      action: outcome?.action ?? 'none',
    })
    .where(eq(inboundMessages.id, row.id))
    .returning();
  return { row: updated!, duplicate: false };
}

async function storeFailed(deps: AppDeps, b: Base, error: string): Promise<InboundRow> {
  const values = { ...rowValues(b), status: 'failed' as const, action: `error: ${error.slice(0, 500)}` };
  const [row] = await deps.db
    .insert(inboundMessages)
    .values({ id: newId('inb'), ...values })
    .onConflictDoUpdate({
      target: [inboundMessages.installationId, inboundMessages.messageId],
      set: { status: 'failed', action: values.action },
      // A concurrent delivery that did get through stays as it is.
      setWhere: sql`${inboundMessages.status} <> 'processed'`,
    })
    .returning();
  return row ?? (await findRow(deps.db, b.installationId, b.messageId))!;
}

/** The SMTP listener's door: same processing, answers as SMTP replies. */
export async function receiveSmtpMessage(
  deps: AppDeps,
  raw: Buffer,
  envelope: { rcptTo: string[] },
): Promise<{ outcome: 'accepted' | 'rejected' | 'retry'; message: string }> {
  const result = await receiveInbound(deps, {
    installationId: null,
    raw: raw.toString('utf8'),
    envelopeTo: envelope.rcptTo,
  });
  if (result.ok) {
    const { row, duplicate } = result.value;
    return { outcome: 'accepted', message: `${duplicate ? 'duplicate' : row.status} ${row.id}` };
  }
  if (result.error.code === 'failed') return { outcome: 'retry', message: result.error.message };
  return { outcome: 'rejected', message: result.error.message };
}
