import { and, eq, inArray, like, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  crmActionCalls,
  crmOutbox,
  crmWebhookEvents,
  crmWrites,
  inboundMessages,
  sends,
} from '../../db/schema';
import { type EraseScope, scrubColumn } from './erase-rows';
import { ERASED, scrub } from './erase-scrub';

export type RecordScope = EraseScope & { emails: string[]; externalIds: string[] };

/** `col` mentions one of the addresses, in any case (SQL side, to find the rows worth reading). */
function mentionsAddress(column: Parameters<typeof sql>[1], emails: string[]) {
  if (emails.length === 0) return sql`false`;
  return or(...emails.map((e) => sql`strpos(lower(${column}::text), ${e.toLowerCase()}) > 0`))!;
}

/**
 * Rows that hold the person without (only) pointing at the contact: inbound mail (matched to the
 * contact or its sends, or from or about its address), CRM writes queued for it, the CRM's webhook
 * deliveries about its record, our echo records of that record, workflow-action answers.
 */
export async function eraseRecords(tx: Queryable, scope: RecordScope): Promise<void> {
  const { installationId, contactIds, emails, externalIds } = scope;
  const theirSends = tx
    .select({ id: sends.id })
    .from(sends)
    .where(and(eq(sends.installationId, installationId), inArray(sends.contactId, contactIds)));
  await tx
    .update(inboundMessages)
    .set({ fromAddress: 'erased@erased.invalid', subject: ERASED, raw: '', evidence: [] })
    .where(
      and(
        eq(inboundMessages.installationId, installationId),
        or(
          inArray(inboundMessages.contactId, contactIds),
          inArray(inboundMessages.matchedSendId, theirSends),
          mentionsAddress(inboundMessages.fromAddress, emails),
          mentionsAddress(inboundMessages.raw, emails),
        ),
      ),
    );
  const outbox = and(
    eq(crmOutbox.installationId, installationId),
    or(inArray(crmOutbox.contactId, contactIds), mentionsAddress(crmOutbox.payload, emails)),
  );
  // A queued write about a person the CRM has forgotten must not run (and could not succeed).
  await tx
    .update(crmOutbox)
    .set({ status: 'failed', lastError: 'privacy_deletion' })
    .where(and(outbox, eq(crmOutbox.status, 'pending')));
  await tx.update(crmOutbox).set({ payload: {}, result: null }).where(outbox);
  await scrubColumn(tx, crmOutbox, crmOutbox.id, crmOutbox.lastError, outbox, scope);
  await eraseWebhookEvents(tx, scope);
  if (externalIds.length > 0) {
    await tx
      .delete(crmWrites)
      .where(and(eq(crmWrites.installationId, installationId), inArray(crmWrites.objectId, externalIds)));
  }
  const calls = and(
    eq(crmActionCalls.installationId, installationId),
    mentionsAddress(crmActionCalls.response, emails),
  );
  const answered = await tx.select().from(crmActionCalls).where(calls);
  for (const call of answered) {
    await tx
      .update(crmActionCalls)
      .set({ response: scrub(call.response, scope.pattern) })
      .where(
        and(
          eq(crmActionCalls.installationId, installationId),
          eq(crmActionCalls.callbackId, call.callbackId),
        ),
      );
  }
}

/**
 * Deliveries about the record keep their row (its dedupe key makes a late redelivery a no-op, so it
 * is not stored and applied again) but lose their payload, and count as processed. A delivery being
 * applied right now (the privacy deletion itself, locked by its applier) is skipped, not waited for:
 * its applier may be the caller, and it carries ids only.
 */
async function eraseWebhookEvents(tx: Queryable, scope: RecordScope): Promise<void> {
  const { installationId, externalIds, emails, now } = scope;
  const about = or(
    externalIds.length > 0
      ? and(
          inArray(crmWebhookEvents.objectId, externalIds),
          like(crmWebhookEvents.subscriptionType, 'contact.%'),
        )
      : sql`false`,
    mentionsAddress(crmWebhookEvents.payload, emails),
  );
  await tx.execute(sql`
    update ${crmWebhookEvents}
       set payload = ${JSON.stringify({ erased: true })}::jsonb,
           processed_at = coalesce(processed_at, ${now.toISOString()}::timestamptz),
           outcome = coalesce(outcome, 'erased')
     where id in (select id from ${crmWebhookEvents}
                   where ${crmWebhookEvents.installationId} = ${installationId} and ${about}
                   for update skip locked)`);
}
