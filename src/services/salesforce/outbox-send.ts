import type { CrmError, CrmResult } from '../../../connectors/contract';
import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import { personKind } from '../../../connectors/salesforce/ids';
import { COLLECTION_LIMIT, type SfWrite, saveCollection } from '../../../connectors/salesforce/writes';
import { disposition } from '../crm/outbox-plan';
import type { Outcome } from '../crm/outbox-rows';
import { type Ready, taskRecord, updateFields } from './outbox-records';

export type WaveResult = { outcomes: Map<string, Outcome>; halted: CrmError | null };
type Call = { method: 'POST' | 'PATCH'; records: SfWrite[]; rows: Ready[][] };

const chunk = <T>(items: T[], size = COLLECTION_LIMIT): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * The wave's calls: updates merged per record (a Collections call may name a record once; a
 * contact's rows of one wave are one run, later values winning), tasks one record per row.
 */
function plan(rows: Ready[], now: Date): Call[] {
  const byRecord = new Map<string, Ready[]>();
  const tasks: Ready[] = [];
  for (const r of rows) {
    if (r.write.kind === 'task' || r.write.kind === 'timeline_event') tasks.push(r);
    else byRecord.set(r.externalId, [...(byRecord.get(r.externalId) ?? []), r]);
  }
  const updates = [...byRecord.entries()].map(([id, group]) => ({
    record: {
      attributes: { type: personKind(id) ?? 'Contact' },
      Id: id,
      ...Object.assign({}, ...group.map(updateFields)),
    } as SfWrite,
    group,
  }));
  return [
    ...chunk(updates).map((c) => ({
      method: 'PATCH' as const,
      records: c.map((u) => u.record),
      rows: c.map((u) => u.group),
    })),
    ...chunk(tasks).map((c) => ({
      method: 'POST' as const,
      records: c.map((r) => taskRecord(r, now)),
      rows: c.map((r) => [r]),
    })),
  ];
}

const asOutcome = (r: CrmResult<{ id: string | null }> | undefined): Outcome =>
  !r
    ? { ok: false, error: { code: 'unavailable', retryable: true, message: 'no answer for this record' } }
    : r.ok
      ? { ok: true, result: r.value.id ? { id: r.value.id } : null }
      : r;

/**
 * Sends one wave, 200 records per Collections call. A call failing as a whole in a way that is not
 * the rows' fault (Salesforce down, its daily limit, our budget, the session) stops the wave.
 */
export async function sendWave(t: SalesforceTransport, rows: Ready[], now: Date): Promise<WaveResult> {
  const outcomes = new Map<string, Outcome>();
  for (const call of plan(rows, now)) {
    // An update that maps to no field (a name Salesforce has no field for) is done without a call.
    const empty = call.method === 'PATCH' ? call.records.filter((r) => Object.keys(r).length <= 2) : [];
    const records = call.records.filter((r) => !empty.includes(r));
    const groups = call.rows.filter((_, i) => !empty.includes(call.records[i] as SfWrite));
    for (const [i, r] of call.records.entries())
      if (empty.includes(r))
        for (const row of call.rows[i] ?? []) outcomes.set(row.id, { ok: true, result: null });
    if (records.length === 0) continue;
    const res = await saveCollection(t, call.method, records);
    if (!res.ok) {
      for (const row of groups.flat()) outcomes.set(row.id, { ok: false, error: res.error });
      if (disposition(res.error) === 'retry') return { outcomes, halted: res.error };
      continue;
    }
    groups.forEach((group, i) => {
      for (const row of group) outcomes.set(row.id, asOutcome(res.value[i]));
    });
  }
  return { outcomes, halted: null };
}
