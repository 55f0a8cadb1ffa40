import type { CrmError } from '../../../connectors/contract';
import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import { COLLECTION_LIMIT, type SfWrite, saveCollection } from '../../../connectors/salesforce/writes';
import { disposition } from '../crm/outbox-plan';
import type { Outcome } from '../crm/outbox-rows';
import { patchRecord, type Ready, taskRecord } from './outbox-records';

export type WaveResult = { outcomes: Map<string, Outcome>; halted: CrmError | null; calls: number };

/** The transport's own refusal when our share of the org's allocation is spent (no call was made). */
export const isBudget = (e: CrmError) => e.ownBudget === true;

/** Each unit is one record and the rows it settles (PATCH rows of one contact merge into one record). */
type Unit = { record: SfWrite; rows: Ready[] };

function units(kind: string, rows: Ready[]): Unit[] {
  if (kind === 'task' || kind === 'timeline_event')
    return rows.map((r) => ({ record: taskRecord(r), rows: [r] }));
  const groups = new Map<string, Ready[]>();
  for (const r of rows) groups.set(r.contactKey, [...(groups.get(r.contactKey) ?? []), r]);
  return [...groups.values()].map((g) => ({ record: patchRecord(g), rows: g }));
}

/**
 * Sends one wave, one Collections call per 200 records of a kind. A call that fails as a whole for
 * a reason that is not the rows' (down, limit, budget, session) stops the wave: later calls would too.
 */
export async function sendWave(t: SalesforceTransport, rows: Ready[]): Promise<WaveResult> {
  const outcomes = new Map<string, Outcome>();
  let calls = 0;
  for (const kind of [...new Set(rows.map((r) => r.write.kind))]) {
    const all = units(
      kind,
      rows.filter((r) => r.write.kind === kind),
    );
    const method = kind === 'task' || kind === 'timeline_event' ? 'POST' : 'PATCH';
    for (let i = 0; i < all.length; i += COLLECTION_LIMIT) {
      const batch = all.slice(i, i + COLLECTION_LIMIT);
      const res = await saveCollection(
        t,
        method,
        batch.map((u) => u.record),
      );
      if (!res.ok) {
        if (!isBudget(res.error)) calls += 1;
        for (const u of batch) for (const r of u.rows) outcomes.set(r.id, { ok: false, error: res.error });
        if (disposition(res.error) === 'retry') return { outcomes, halted: res.error, calls };
        continue;
      }
      calls += 1;
      batch.forEach((u, n) => {
        const one = res.value[n];
        const outcome: Outcome = !one
          ? { ok: false, error: { code: 'unavailable', retryable: true, message: 'no result' } }
          : one.ok
            ? { ok: true, result: one.value.id ? { id: one.value.id } : null }
            : one;
        for (const r of u.rows) outcomes.set(r.id, outcome);
      });
    }
  }
  return { outcomes, halted: null, calls };
}
