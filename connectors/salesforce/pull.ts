// Keyset reads over REST: `ORDER BY SystemModstamp, Id` pages, counts, and reads by a list of ids.
// Every request goes through salesforceCall (counted against the org's budget).
import type { z } from 'zod';
import type { CrmResult } from '../contract';
import { type SalesforceTransport, salesforceCall } from './client';
import { FIELDS, type PullObject, SCHEMAS } from './schemas';
import { buildSelect, type Keyset, keysetAfter, soqlIn } from './soql';

/** SOQL's largest REST batch: a page of this size is one request. */
export const PAGE_LIMIT = 2000;
/** Ids per IN list: 200 x 21 characters keeps the URL far below Salesforce's 16 KB. */
export const IN_CHUNK = 200;

export type Row<O extends PullObject> = z.infer<(typeof SCHEMAS)[O]>;
export type Page<O extends PullObject> = {
  rows: Row<O>[];
  /** Rows that did not parse (counted, logged by the caller; the cursor still moves past them). */
  skipped: number;
  /** The last row's position; null when the page was empty. */
  last: Keyset | null;
  /** A full page: there may be more after `last`. */
  full: boolean;
};

type Raw = Record<string, unknown>;

/** Rows that parse as `object`'s schema (REST JSON or Bulk CSV), and how many did not. */
export function parseRows<O extends PullObject>(object: O, records: Raw[]) {
  const rows: Row<O>[] = [];
  let skipped = 0;
  for (const raw of records) {
    const parsed = SCHEMAS[object].safeParse(raw);
    if (parsed.success) rows.push(parsed.data as Row<O>);
    else skipped += 1;
  }
  return { rows, skipped };
}

async function query(t: SalesforceTransport, what: string, soql: string, max: number, all = false) {
  return salesforceCall(
    t,
    what,
    (conn) => conn.query<Raw>(soql, { autoFetch: true, maxFetch: max, scanAll: all }),
    { idempotent: true },
  );
}

/** One page of `object` after `cursor` (null: from the start), oldest change first. */
export async function keysetPage<O extends PullObject>(
  t: SalesforceTransport,
  object: O,
  cursor: Keyset | null,
  limit = PAGE_LIMIT,
): Promise<CrmResult<Page<O>>> {
  const soql = buildSelect({
    fields: FIELDS[object],
    from: object,
    where: [keysetAfter(cursor)],
    orderBy: ['SystemModstamp', 'Id'],
    limit,
  });
  const res = await query(t, `read ${object}`, soql, limit);
  if (!res.ok) return res;
  const records = res.value.records;
  const tail = records.at(-1);
  const last =
    tail && typeof tail.Id === 'string' && typeof tail.SystemModstamp === 'string'
      ? { modstamp: tail.SystemModstamp, id: tail.Id }
      : null;
  return { ok: true, value: { ...parseRows(object, records), last, full: records.length >= limit } };
}

/** How many records of `object` the org holds (one request; what the progress bar counts to). */
export async function countRecords(t: SalesforceTransport, object: PullObject): Promise<CrmResult<number>> {
  const res = await query(t, `count ${object}`, `SELECT COUNT() FROM ${object}`, 1);
  return res.ok ? { ok: true, value: res.value.totalSize } : res;
}

/**
 * Rows of `object` whose `field` is one of `values`, in chunks of IN_CHUNK. `all` reads the
 * recycle bin too (queryAll): a deleted contact role still names its opportunity.
 */
export async function readWhereIn<O extends PullObject>(
  t: SalesforceTransport,
  object: O,
  field: 'Id' | 'OpportunityId',
  values: readonly string[],
  options: { all?: boolean } = {},
): Promise<CrmResult<Row<O>[]>> {
  const unique = [...new Set(values)];
  const out: Row<O>[] = [];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    const chunk = unique.slice(i, i + IN_CHUNK);
    const soql = buildSelect({
      fields: FIELDS[object],
      from: object,
      where: [`${field} IN ${soqlIn(chunk)}`],
    });
    const res = await query(t, `read ${object} by ${field}`, soql, 50_000, options.all ?? false);
    if (!res.ok) return res;
    out.push(...parseRows(object, res.value.records).rows);
  }
  return { ok: true, value: out };
}
