import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client';
import {
  crmDealContacts,
  crmOutbox,
  engagementEvents,
  inboundMessages,
  scoreActions,
  sends,
  suppressionLifts,
} from '../../db/schema';

type Ids = { installationId: string; survivorId: string; mergedIds: string[] };

/**
 * Every other row that points at a merged contact now points at the survivor: sends, engagement
 * events, inbound mail, CRM writes, score actions, suppression lift audits and deal links (one
 * link per deal: the survivor's own is kept). Enrollments and scores have their own rules
 * (merge-enrollments, merge-score). Returns how many rows moved.
 */
export async function moveContactRows(tx: Queryable, ids: Ids): Promise<number> {
  if (ids.mergedIds.length === 0) return 0;
  const to = { contactId: ids.survivorId };
  let moved = 0;
  const count = (rows: unknown[]) => {
    moved += rows.length;
  };
  count(await tx.update(sends).set(to).where(of(sends, ids)).returning({ id: sends.id }));
  count(
    await tx
      .update(engagementEvents)
      .set(to)
      .where(of(engagementEvents, ids))
      .returning({ id: engagementEvents.id }),
  );
  count(
    await tx
      .update(inboundMessages)
      .set(to)
      .where(of(inboundMessages, ids))
      .returning({ id: inboundMessages.id }),
  );
  count(await tx.update(crmOutbox).set(to).where(of(crmOutbox, ids)).returning({ id: crmOutbox.id }));
  count(
    await tx.update(scoreActions).set(to).where(of(scoreActions, ids)).returning({ id: scoreActions.id }),
  );
  count(
    await tx
      .update(suppressionLifts)
      .set(to)
      .where(of(suppressionLifts, ids))
      .returning({ id: suppressionLifts.id }),
  );
  count(await moveDealLinks(tx, ids));
  return moved;
}

type WithContact = { installationId: AnyPgColumn; contactId: AnyPgColumn };

function of(table: WithContact, ids: Ids) {
  return and(eq(table.installationId, ids.installationId), inArray(table.contactId, ids.mergedIds));
}

/** The primary key is (installation, deal, contact): insert the survivor's links, then drop the old. */
async function moveDealLinks(tx: Queryable, ids: Ids): Promise<unknown[]> {
  await tx.execute(sql`
    insert into ${crmDealContacts} (installation_id, deal_external_id, contact_id)
    select installation_id, deal_external_id, ${ids.survivorId}
      from ${crmDealContacts}
     where ${of(crmDealContacts, ids)}
    on conflict do nothing`);
  return tx
    .delete(crmDealContacts)
    .where(of(crmDealContacts, ids))
    .returning({ deal: crmDealContacts.dealExternalId });
}
