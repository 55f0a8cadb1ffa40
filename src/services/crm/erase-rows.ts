import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client';
import {
  contactScores,
  contacts,
  crmDealContacts,
  engagementEvents,
  enrollmentEvents,
  enrollments,
  scoreActions,
  sends,
  suppressionLifts,
} from '../../db/schema';
import { ERASED, erasedAddress, mentions, scrub } from './erase-scrub';

export type EraseScope = { installationId: string; contactIds: string[]; pattern: RegExp | null; now: Date };

/**
 * The rows that belong to the erased contacts lose their personal fields; the rows stay, so counts
 * per sequence, step, status and event type stay right. A contact keeps only a placeholder address
 * (so the address is free: a contact the CRM creates again with it starts with no history, no
 * suppression), no names, company, place, zone, owner, properties or external id.
 */
export async function eraseContactRows(tx: Queryable, scope: EraseScope): Promise<void> {
  const { installationId, contactIds, now } = scope;
  for (const id of contactIds) {
    await tx
      .update(contacts)
      .set({
        email: erasedAddress(id),
        externalId: null,
        firstName: null,
        lastName: null,
        company: null,
        country: null,
        region: null,
        crmTimeZone: null,
        timeZone: null,
        timeZoneSource: null,
        ownerId: null,
        properties: { erasedAt: now.toISOString() },
        suppressedAt: null,
        suppressionReason: null,
        deletedAt: sql`coalesce(${contacts.deletedAt}, ${now.toISOString()}::timestamptz)`,
        updatedAt: now,
      })
      .where(and(eq(contacts.installationId, installationId), eq(contacts.id, id)));
    await tx
      .update(sends)
      .set({
        toAddress: erasedAddress(id),
        subject: ERASED,
        error: sql`case when ${sends.error} is null then null else ${ERASED} end`,
      })
      .where(and(eq(sends.installationId, installationId), eq(sends.contactId, id)));
  }
  const mine = and(
    eq(engagementEvents.installationId, installationId),
    inArray(engagementEvents.contactId, contactIds),
  );
  await tx.update(engagementEvents).set({ url: null, userAgent: null, data: {} }).where(mine);
  await scrubColumn(tx, engagementEvents, engagementEvents.id, engagementEvents.dedupeKey, mine, scope);
  const theirEnrollments = tx
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.installationId, installationId), inArray(enrollments.contactId, contactIds)));
  const events = and(
    eq(enrollmentEvents.installationId, installationId),
    inArray(enrollmentEvents.enrollmentId, theirEnrollments),
  );
  await scrubColumn(tx, enrollmentEvents, enrollmentEvents.id, enrollmentEvents.data, events, scope);
  await scrubColumn(tx, enrollmentEvents, enrollmentEvents.id, enrollmentEvents.reason, events, scope);
  await tx
    .update(contactScores)
    .set({ breakdown: [] })
    .where(
      and(eq(contactScores.installationId, installationId), inArray(contactScores.contactId, contactIds)),
    );
  const actions = and(
    eq(scoreActions.installationId, installationId),
    inArray(scoreActions.contactId, contactIds),
  );
  // A pending task or webhook would carry the person to the CRM or a third party: it never runs.
  await tx
    .update(scoreActions)
    .set({ status: 'failed', lastError: 'privacy_deletion' })
    .where(and(actions, eq(scoreActions.status, 'pending')));
  await scrubColumn(tx, scoreActions, scoreActions.id, scoreActions.action, actions, scope);
  await scrubColumn(tx, scoreActions, scoreActions.id, scoreActions.lastError, actions, scope);
  const lifts = and(
    eq(suppressionLifts.installationId, installationId),
    inArray(suppressionLifts.contactId, contactIds),
  );
  await tx.update(suppressionLifts).set({ email: 'erased@erased.invalid' }).where(lifts);
  await scrubColumn(tx, suppressionLifts, suppressionLifts.id, suppressionLifts.reason, lifts, scope);
  // Who was on which deal is personal data too; the deal itself is the CRM's.
  await tx
    .delete(crmDealContacts)
    .where(
      and(eq(crmDealContacts.installationId, installationId), inArray(crmDealContacts.contactId, contactIds)),
    );
}

type AnyTable = Parameters<Queryable['update']>[0];
type AnyColumn = AnyPgColumn;

/** Rewrites one text or jsonb column where it mentions the person (read, scrub, write back). */
export async function scrubColumn(
  tx: Queryable,
  table: AnyTable,
  idColumn: AnyColumn,
  column: AnyColumn,
  where: ReturnType<typeof and>,
  scope: Pick<EraseScope, 'pattern'>,
): Promise<void> {
  if (!scope.pattern) return;
  const key = Object.entries(getTableColumns(table as never)).find(([, c]) => c === column)?.[0];
  if (!key) throw new Error(`scrubColumn: column not in table`);
  const rows = (await tx
    .select({ id: idColumn, value: column })
    .from(table as never)
    .where(where)) as Array<{ id: unknown; value: unknown }>;
  for (const row of rows) {
    if (!mentions(row.value, scope.pattern)) continue;
    await tx
      .update(table)
      .set({ [key]: scrub(row.value, scope.pattern) } as never)
      .where(eq(idColumn, row.id));
  }
}
