import type { CrmError } from '../../../connectors/contract';
import { salesforceFields } from '../../../connectors/salesforce/fields';
import { personKind } from '../../../connectors/salesforce/ids';
import type { SfWrite } from '../../../connectors/salesforce/writes';
import type { Outcome, PendingRow } from '../crm/outbox-rows';
import { type ParsedWrite, parseOutboxPayload } from '../hubspot/outbox-payloads';

/** A due row, resolved: the record it writes to and what it writes. */
export type Ready = { id: string; externalId: string; write: ParsedWrite; ownerId: string | null };

const refuse = (code: CrmError['code'], message: string): Outcome => ({
  ok: false,
  error: { code, retryable: false, message },
});
const isUser = (id: string | null | undefined): id is string =>
  typeof id === 'string' && id.startsWith('005');
const day = (iso: string | null | undefined, fallback: Date) => {
  const at = iso ? new Date(iso) : fallback;
  return (Number.isNaN(at.getTime()) ? fallback : at).toISOString().slice(0, 10);
};

/** A row ready to send, or the outcome that settles it without a call. */
export function resolveRow(row: PendingRow): Ready | Outcome {
  const write = parseOutboxPayload(row.kind, row.payload);
  if (!write) return refuse('invalid', 'unreadable payload');
  if (row.contactDeleted) return refuse('not_found', 'the contact was deleted');
  const externalId = (write.kind === 'task' ? write.externalContactId : null) ?? row.externalId;
  if (!externalId || !personKind(externalId))
    return refuse('not_found', 'the contact has no Salesforce Lead or Contact');
  return {
    id: row.id,
    externalId,
    write,
    ownerId: write.kind === 'task' ? (write.ownerId ?? row.ownerId) : row.ownerId,
  };
}

/** The fields one update row sets on its record (an opt-out is HasOptedOutOfEmail). */
export function updateFields(r: Ready): Record<string, string | number | boolean | null> {
  const sobject = personKind(r.externalId) ?? 'Contact';
  if (r.write.kind === 'opt_out') return { HasOptedOutOfEmail: true };
  if (r.write.kind === 'property_update') return salesforceFields(sobject, r.write.properties).fields;
  return {};
}

/** The Task a threshold action or a send becomes; a send is a completed Email task on the timeline. */
export function taskRecord(r: Ready, now: Date): SfWrite {
  const owner = isUser(r.ownerId) ? { OwnerId: r.ownerId } : {};
  const base = { attributes: { type: 'Task' }, WhoId: r.externalId, Priority: 'Normal', ...owner };
  if (r.write.kind === 'task') {
    return {
      ...base,
      Subject: r.write.subject.slice(0, 255),
      Description: r.write.body ?? null,
      ActivityDate: day(r.write.dueAt, now),
      Status: 'Not Started',
    };
  }
  const tokens = r.write.kind === 'timeline_event' ? r.write.tokens : {};
  const description = [
    `Sequence: ${tokens.sequenceName ?? ''} (step ${tokens.stepKey ?? ''})`,
    `Sent at ${tokens.localTime ?? ''} ${tokens.timeZone ?? ''} (zone from ${tokens.zoneSource ?? 'default'})`,
    `Why then: ${tokens.whyThen ?? ''}`,
  ].join('\n');
  return {
    ...base,
    Subject: `Email: ${tokens.subject ?? ''}`.slice(0, 255),
    Description: description,
    ActivityDate: day(r.write.kind === 'timeline_event' ? r.write.timestamp : null, now),
    Status: 'Completed',
    Type: 'Email',
    TaskSubtype: 'Email',
  };
}
