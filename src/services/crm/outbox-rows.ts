import { and, asc, eq, sql } from 'drizzle-orm';
import type { CrmError } from '../../../connectors/contract';
import type { Db } from '../../db/client';
import { contacts, crmOutbox, crmWrites } from '../../db/schema';

/** How one row's write went: done (with what the CRM gave back) or the error. */
export type Outcome = { ok: true; result: Record<string, unknown> | null } | { ok: false; error: CrmError };

export type PendingRow = {
  id: string;
  contactId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  externalId: string | null;
  /** The contact's CRM owner: a task without an owner of its own goes to them. */
  ownerId: string | null;
  contactDeleted: boolean;
};

/** The installation's pending CRM writes, oldest first, with their contact's CRM id. */
export async function listPendingWrites(
  db: Db,
  installationId: string,
  limit: number,
): Promise<PendingRow[]> {
  const rows = await db
    .select({
      id: crmOutbox.id,
      contactId: crmOutbox.contactId,
      kind: crmOutbox.kind,
      payload: crmOutbox.payload,
      attempts: crmOutbox.attempts,
      nextAttemptAt: crmOutbox.nextAttemptAt,
      createdAt: crmOutbox.createdAt,
      externalId: contacts.externalId,
      ownerId: contacts.ownerId,
      deletedAt: contacts.deletedAt,
    })
    .from(crmOutbox)
    .leftJoin(contacts, eq(contacts.id, crmOutbox.contactId))
    .where(and(eq(crmOutbox.installationId, installationId), eq(crmOutbox.status, 'pending')))
    // Snapshots queued at the same instant (one transaction) go in the order their events were made.
    .orderBy(
      asc(crmOutbox.createdAt),
      sql`(${crmOutbox.payload}->>'seq')::bigint asc nulls first`,
      asc(crmOutbox.id),
    )
    .limit(limit);
  return rows.map(({ deletedAt, ...r }) => ({ ...r, contactDeleted: deletedAt !== null }));
}

/** Settles one row after a try: done, failed for good, or waiting until `retryAt`. */
export async function settleWrite(
  db: Db,
  row: PendingRow,
  outcome: Outcome,
  now: Date,
  retryAt: Date | null,
): Promise<void> {
  const attempts = row.attempts + 1;
  const set = outcome.ok
    ? { status: 'done' as const, doneAt: now, result: outcome.result, lastError: null, nextAttemptAt: null }
    : retryAt
      ? { lastError: `${outcome.error.code}: ${outcome.error.message}`, nextAttemptAt: retryAt }
      : { status: 'failed' as const, lastError: `${outcome.error.code}: ${outcome.error.message}` };
  await db
    .update(crmOutbox)
    .set({ ...set, attempts })
    .where(and(eq(crmOutbox.id, row.id), eq(crmOutbox.status, 'pending')));
}

/** What we wrote to a CRM record, so the webhook echoing it back is known as ours. */
export async function recordCrmWrites(
  db: Db,
  installationId: string,
  objectId: string,
  values: Record<string, string>,
  at: Date,
): Promise<void> {
  const rows = Object.entries(values).map(([property, value]) => ({
    installationId,
    objectId,
    property,
    value,
    writtenAt: at,
  }));
  if (rows.length === 0) return;
  await db
    .insert(crmWrites)
    .values(rows)
    .onConflictDoUpdate({
      target: [crmWrites.installationId, crmWrites.objectId, crmWrites.property],
      set: { value: sql`excluded.value`, writtenAt: sql`excluded.written_at` },
    });
}
