import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import { countRecords, keysetPage, PAGE_LIMIT } from '../../../connectors/salesforce/pull';
import { progressOf } from '../crm/sync-progress';
import { getSyncState, type SyncStateRow, saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { type BulkOptions, bulkStep } from './sync-bulk';
import { type Cursor, keysetFrom, readCursor, writeCursor } from './sync-cursor';
import { failWith } from './sync-errors';
import { BACKFILLED, type OBJECTS } from './sync-objects';

/** The incremental pull starts this long before its backfill did: changes made while it ran. */
export const SINCE_OVERLAP_MS = 5 * 60_000;
/** Above this many records an object is read through Bulk API 2.0 (fewer, larger requests). */
export const BULK_THRESHOLD = 10_000;

export type BackfillOptions = BulkOptions & { bulkThreshold?: number; maxPages?: number };

type Step = { rows: unknown[]; skipped: number; next: Cursor; finished: boolean };

async function step(
  t: SalesforceTransport,
  object: (typeof OBJECTS)[number]['object'],
  at: Cursor,
  o: BackfillOptions,
) {
  if (at.mode === 'rest') {
    const page = await keysetPage(t, object, at.keyset, o.pageLimit ?? PAGE_LIMIT);
    if (!page.ok) return page;
    const { rows, skipped, last, full } = page.value;
    const next: Cursor = { mode: 'rest', keyset: last ?? at.keyset };
    return { ok: true as const, value: { rows, skipped, next, finished: !full } satisfies Step };
  }
  const page = await bulkStep(t, object, at, o);
  if (!page.ok) return page;
  const { jobId, rows, skipped, locator } = page.value;
  const next: Cursor = { mode: 'bulk', jobId, locator };
  return { ok: true as const, value: { rows, skipped, next, finished: locator === null } satisfies Step };
}

/**
 * One object from its stored cursor: counted first (the progress bar's total, and REST or Bulk),
 * then page by page, each page stored before the cursor moves, so a crash resumes at the page it
 * was on. Done: the object's incremental cursor starts SINCE_OVERLAP_MS before the backfill did.
 */
async function backfillObject(
  deps: AppDeps,
  installationId: string,
  t: SalesforceTransport,
  spec: (typeof OBJECTS)[number],
  options: BackfillOptions,
): Promise<boolean> {
  let state: SyncStateRow | null = await getSyncState(deps.db, installationId, spec.state);
  if (state?.phase === 'incremental') return true;
  if (!state?.startedAt) {
    const total = await countRecords(t, spec.object);
    if (!total.ok) return failWith(deps, installationId, spec.state, total.error);
    const bulk = total.value > (options.bulkThreshold ?? BULK_THRESHOLD);
    const cursor: Cursor = bulk
      ? { mode: 'bulk', jobId: null, locator: null }
      : { mode: 'rest', keyset: null };
    state = await saveSyncState(deps.db, installationId, spec.state, {
      phase: 'backfill',
      cursor: writeCursor(cursor),
      done: 0,
      total: total.value,
      startedAt: deps.clock.now(),
      finishedAt: null,
      lastError: null,
    });
  }
  const startedAt = state.startedAt ?? deps.clock.now();
  let cursor = readCursor(state.cursor);
  let done = state.done;
  let total = state.total;
  for (let pages = 0; pages < (options.maxPages ?? 500); pages++) {
    const res = await step(t, spec.object, cursor, options);
    if (!res.ok && cursor.mode === 'bulk' && cursor.jobId && res.error.code === 'not_found') {
      // Salesforce keeps query jobs for days, not forever: a resumed backfill starts a new job.
      cursor = { mode: 'bulk', jobId: null, locator: null };
      done = 0;
      await saveSyncState(deps.db, installationId, spec.state, { cursor: writeCursor(cursor), done });
      continue;
    }
    if (!res.ok) return failWith(deps, installationId, spec.state, res.error);
    const stored = await spec.store(deps, installationId, t, res.value.rows);
    if (!stored.ok) return failWith(deps, installationId, spec.state, stored.error);
    done += res.value.rows.length + res.value.skipped;
    // Records created meanwhile: never more done than total.
    if (total !== null && done > total) total = done;
    cursor = res.value.next;
    const now = deps.clock.now();
    const finished = res.value.finished;
    await saveSyncState(deps.db, installationId, spec.state, {
      done,
      total,
      lastRunAt: now,
      lastError: null,
      cursor: writeCursor(
        finished
          ? { mode: 'rest', keyset: keysetFrom(new Date(startedAt.getTime() - SINCE_OVERLAP_MS)) }
          : cursor,
      ),
      ...(finished ? { phase: 'incremental', finishedAt: now } : {}),
    });
    const p = progressOf({ done, total, startedAt, finishedAt: finished ? now : null }, now);
    deps.logger.info('salesforce backfill page', {
      installationId,
      object: spec.object,
      mode: cursor.mode,
      page: stored.value,
      ...p,
    });
    if (finished) return true;
  }
  return false;
}

/**
 * Leads, Contacts, then Opportunities (each with its contact roles). Once all are in, contact roles
 * and deletions start from the earliest backfill start, less the overlap. 'more': stopped at
 * `maxPages`; the caller enqueues the next run, which resumes from the cursors.
 */
export async function runBackfill(
  deps: AppDeps,
  installationId: string,
  t: SalesforceTransport,
  options: BackfillOptions = {},
): Promise<'done' | 'more'> {
  for (const spec of BACKFILLED) {
    if (!(await backfillObject(deps, installationId, t, spec, options))) return 'more';
  }
  const starts = await Promise.all(
    BACKFILLED.map(async (s) => (await getSyncState(deps.db, installationId, s.state))?.startedAt?.getTime()),
  );
  const from = new Date(Math.min(...starts.map((s) => s ?? deps.clock.now().getTime())) - SINCE_OVERLAP_MS);
  const now = deps.clock.now();
  if (!(await getSyncState(deps.db, installationId, 'contact_roles'))) {
    await saveSyncState(deps.db, installationId, 'contact_roles', {
      phase: 'incremental',
      cursor: writeCursor({ mode: 'rest', keyset: keysetFrom(from) }),
      startedAt: now,
      finishedAt: now,
    });
  }
  if (!(await getSyncState(deps.db, installationId, 'deletions'))) {
    await saveSyncState(deps.db, installationId, 'deletions', { phase: 'incremental', since: from });
  }
  return 'done';
}
