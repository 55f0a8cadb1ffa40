import type { CrmResult } from '../../../connectors/contract';
import {
  BULK_PAGE,
  bulkJobState,
  bulkResultsPage,
  startBulkQuery,
} from '../../../connectors/salesforce/bulk';
import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import { parseRows } from '../../../connectors/salesforce/pull';
import { FIELDS, type PullObject } from '../../../connectors/salesforce/schemas';
import { buildSelect } from '../../../connectors/salesforce/soql';

export type BulkOptions = {
  /** Between job checks; the worker waits in real time, tests pass one that does not. */
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  maxPolls?: number;
  pageLimit?: number;
};

export type BulkStep = { jobId: string; rows: unknown[]; skipped: number; locator: string | null };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One page of a Bulk 2.0 backfill of `object`: creates the job when there is none yet, waits for it
 * to complete, then reads the results page at `locator`. `locator: null` in the answer: the last page.
 */
export async function bulkStep(
  t: SalesforceTransport,
  object: PullObject,
  at: { jobId: string | null; locator: string | null },
  options: BulkOptions = {},
): Promise<CrmResult<BulkStep>> {
  let jobId = at.jobId;
  if (!jobId) {
    const started = await startBulkQuery(t, buildSelect({ fields: FIELDS[object], from: object }));
    if (!started.ok) return started;
    jobId = started.value;
  }
  for (let polls = 0; ; polls++) {
    const state = await bulkJobState(t, jobId);
    if (!state.ok) return state;
    if (state.value === 'JobComplete') break;
    if (state.value === 'Failed' || state.value === 'Aborted') {
      const message = `bulk query job ${jobId} ${state.value}`;
      return { ok: false, error: { code: 'invalid', retryable: false, message } };
    }
    if (polls + 1 >= (options.maxPolls ?? 60)) {
      const message = `bulk query job ${jobId} still ${state.value}`;
      return { ok: false, error: { code: 'unavailable', retryable: true, message } };
    }
    await (options.sleep ?? realSleep)(options.pollMs ?? 2000);
  }
  const page = await bulkResultsPage(t, jobId, at.locator, options.pageLimit ?? BULK_PAGE);
  if (!page.ok) return page;
  const { rows, skipped } = parseRows(object, page.value.records);
  return { ok: true, value: { jobId, rows, skipped, locator: page.value.locator } };
}
