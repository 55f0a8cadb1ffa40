// Outbox rows as Salesforce records: what each kind writes, on which sObject.
import { salesforceFields } from '../../../connectors/salesforce/fields';
import { personKind } from '../../../connectors/salesforce/ids';
import type { SfWrite } from '../../../connectors/salesforce/writes';
import type { ParsedWrite } from '../hubspot/outbox-payloads';

/** A due row, resolved: its contact's Salesforce Id (a Lead or a Contact) and its write. */
export type Ready = {
  id: string;
  contactKey: string;
  externalId: string;
  ownerId: string | null;
  createdAt: Date;
  write: ParsedWrite;
};

const day = (iso: string | null, fallback: Date) => {
  const at = iso ? new Date(iso) : fallback;
  return (Number.isNaN(at.getTime()) ? fallback : at).toISOString().slice(0, 10);
};

/** The fields one PATCH row sets on its person (property updates and opt-outs). */
export function patchFields(r: Ready): Record<string, unknown> {
  const sobject = personKind(r.externalId) ?? 'Contact';
  if (r.write.kind === 'opt_out') return { HasOptedOutOfEmail: true };
  if (r.write.kind !== 'property_update') return {};
  return salesforceFields(sobject, r.write.properties).fields;
}

/** One record per contact: its rows' fields merged in order (Collections refuses a repeated Id). */
export function patchRecord(rows: Ready[]): SfWrite {
  const first = rows[0] as Ready;
  const type = personKind(first.externalId) ?? 'Contact';
  const fields = Object.assign({}, ...rows.map(patchFields)) as Record<string, unknown>;
  return { attributes: { type }, Id: first.externalId, ...fields };
}

/** The Task a task row or a send (a completed Email task) creates. */
export function taskRecord(r: Ready): SfWrite {
  const owner = r.write.kind === 'task' ? (r.write.ownerId ?? r.ownerId) : r.ownerId;
  const base = { attributes: { type: 'Task' }, WhoId: r.externalId, ...(owner ? { OwnerId: owner } : {}) };
  if (r.write.kind === 'task') {
    return {
      ...base,
      Subject: r.write.subject,
      Description: r.write.body ?? '',
      ActivityDate: day(r.write.dueAt, r.createdAt),
      Status: 'Not Started',
      Priority: 'Normal',
    };
  }
  const t = r.write.kind === 'timeline_event' ? r.write.tokens : {};
  const lines = [
    `Sequence: ${t.sequenceName ?? ''}`,
    `Step: ${t.stepKey ?? ''}`,
    `Sent at: ${t.localTime ?? ''} (${t.timeZone ?? 'UTC'})`,
    `Why then: ${t.whyThen ?? ''}`,
  ];
  const at = r.write.kind === 'timeline_event' ? r.write.timestamp : null;
  return {
    ...base,
    Subject: `Email: ${t.subject ?? ''}`.slice(0, 255),
    Description: lines.join('\n'),
    ActivityDate: day(at, r.createdAt),
    Status: 'Completed',
    Priority: 'Normal',
    Type: 'Email',
    TaskSubtype: 'Email',
  };
}
