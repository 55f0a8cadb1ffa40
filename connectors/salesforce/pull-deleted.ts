// getDeleted (15 days of recycle bin) and the full Id listing reconciliation falls back to.
import type { CrmResult } from '../contract';
import { type SalesforceTransport, salesforceCall } from './client';
import { PAGE_LIMIT } from './pull';
import type { PullObject } from './schemas';
import { buildSelect, soqlString } from './soql';

export type Deleted = {
  records: Array<{ id: string; deletedAt: Date }>;
  earliestDateAvailable: Date;
  latestDateCovered: Date;
};

/**
 * Records of `object` deleted in [start, end). Salesforce wants more than a minute between them and
 * covers whole minutes only; `earliestDateAvailable` after `start` means deletions were lost.
 */
export async function getDeleted(
  t: SalesforceTransport,
  object: PullObject,
  start: Date,
  end: Date,
): Promise<CrmResult<Deleted>> {
  const res = await salesforceCall(
    t,
    `deleted ${object}`,
    (conn) => conn.sobject(object).deleted(start, end),
    {
      idempotent: true,
    },
  );
  if (!res.ok) return res;
  return {
    ok: true,
    value: {
      records: res.value.deletedRecords.map((d) => ({ id: d.id, deletedAt: new Date(d.deletedDate) })),
      earliestDateAvailable: new Date(res.value.earliestDateAvailable),
      latestDateCovered: new Date(res.value.latestDateCovered),
    },
  };
}

/** Every live Id of `object`, paged by Id (one request per PAGE_LIMIT ids). */
export async function listAllIds(
  t: SalesforceTransport,
  object: PullObject,
  limit = PAGE_LIMIT,
): Promise<CrmResult<Set<string>>> {
  const ids = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const soql = buildSelect({
      fields: ['Id'],
      from: object,
      where: [after === null ? null : `Id > ${soqlString(after)}`],
      orderBy: ['Id'],
      limit,
    });
    const res = await salesforceCall(
      t,
      `list ${object} ids`,
      (conn) => conn.query<{ Id: string }>(soql, { autoFetch: true, maxFetch: limit }),
      { idempotent: true },
    );
    if (!res.ok) return res;
    for (const r of res.value.records) ids.add(r.Id);
    const tail = res.value.records.at(-1);
    if (!tail || res.value.records.length < limit) return { ok: true, value: ids };
    after = tail.Id;
  }
}
