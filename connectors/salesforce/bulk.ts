// Bulk API 2.0 query jobs over REST (/jobs/query): create, check, and read results one locator page
// at a time, so a backfill stores page by page and a crash resumes at the page it was on.
import type { Connection } from 'jsforce';
import type { CrmResult } from '../contract';
import { type SalesforceTransport, salesforceCall } from './client';

export type BulkJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
export type BulkPage = { records: Record<string, unknown>[]; locator: string | null };

/** Records per results page: as many as a REST keyset page, so both paths store alike. */
export const BULK_PAGE = 2000;

const jobs = (conn: Connection) => `/services/data/v${conn.version}/jobs/query`;

/** Creates a query job for `soql` (no ORDER BY: Bulk 2.0 splits the work); returns its id. */
export async function startBulkQuery(t: SalesforceTransport, soql: string): Promise<CrmResult<string>> {
  const res = await salesforceCall(
    t,
    'create bulk query job',
    (conn) =>
      conn.request<{ id: string }>({
        method: 'POST',
        url: jobs(conn),
        body: JSON.stringify({ operation: 'query', query: soql }),
        headers: { 'Content-Type': 'application/json' },
      }),
    // A repeated create makes a second read-only job: harmless, so it may be retried.
    { idempotent: true },
  );
  return res.ok ? { ok: true, value: res.value.id } : res;
}

export async function bulkJobState(t: SalesforceTransport, jobId: string): Promise<CrmResult<BulkJobState>> {
  const res = await salesforceCall(
    t,
    'check bulk query job',
    (conn) => conn.request<{ state: BulkJobState }>({ method: 'GET', url: `${jobs(conn)}/${jobId}` }),
    { idempotent: true },
  );
  return res.ok ? { ok: true, value: res.value.state } : res;
}

/**
 * One page of a completed job's results from `locator` (null: the first). jsforce parses the CSV
 * into rows of strings; the next locator comes in the Sforce-Locator header ('null' at the end),
 * which jsforce's request does not return: a spy on the connection's transport reads it.
 */
export async function bulkResultsPage(
  t: SalesforceTransport,
  jobId: string,
  locator: string | null,
  maxRecords = BULK_PAGE,
): Promise<CrmResult<BulkPage>> {
  return salesforceCall(
    t,
    'read bulk query results',
    async (conn) => {
      const query = new URLSearchParams({ maxRecords: String(maxRecords) });
      if (locator) query.set('locator', locator);
      let next: string | null = null;
      const inner = conn._transport;
      const spy = Object.create(inner) as typeof inner;
      spy.httpRequest = (req, options) => {
        const pending = inner.httpRequest(req, options);
        pending.then(
          (res) => {
            const header = res.headers['sforce-locator'];
            if (typeof header === 'string') next = header === 'null' || header === '' ? null : header;
          },
          () => {},
        );
        return pending;
      };
      conn._transport = spy;
      try {
        const rows = await conn.request<Record<string, unknown>[]>({
          method: 'GET',
          url: `${jobs(conn)}/${jobId}/results?${query}`,
          headers: { Accept: 'text/csv' },
        });
        return { records: Array.isArray(rows) ? rows : [], locator: next };
      } finally {
        conn._transport = inner;
      }
    },
    { idempotent: true },
  );
}
