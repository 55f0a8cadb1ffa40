import type { CanonicalContact, CanonicalDeal, CrmResult } from '../../../connectors/contract';
import {
  countObjects,
  listContactsPage,
  listDealsPage,
  type PulledPage,
  type PullTransports,
} from '../../../connectors/hubspot/pull';
import type { Queryable } from '../../db/client';
import { storeContacts } from '../crm/store-contacts';
import { storeDeals } from '../crm/store-deals';
import { progressOf } from '../crm/sync-progress';
import { getSyncState, type SyncStateRow, saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { failWith } from './sync-errors';
import { backfillOwners } from './sync-owners';

/** The first incremental pull starts this long before the backfill began: changes made while it ran. */
export const SINCE_OVERLAP_MS = 5 * 60_000;

/** The backfill's cursor: the list's `after`, and how many records failed mapping so far. */
type Cursor = { after: string | null; skipped: number };
const readCursor = (text: string | null): Cursor => {
  try {
    const v = JSON.parse(text ?? '') as Partial<Cursor>;
    return { after: typeof v.after === 'string' ? v.after : null, skipped: Number(v.skipped) || 0 };
  } catch {
    return { after: null, skipped: 0 };
  }
};

type Pager<T> = (ts: PullTransports, after: string | null) => Promise<CrmResult<PulledPage<T>>>;
/** Stores a page and calls `advance` with the connection the page's writes commit on. */
/** The counts it returns (stored, unchanged, conflicts...) go into the page's log line. */
type Store<T> = (records: T[], advance: (db: Queryable) => Promise<void>) => Promise<Record<string, number>>;

/**
 * Pages one object through the list endpoint (100 a page) from its stored cursor; each page's
 * contact writes and the cursor advance commit together (deals: writes, then the cursor), so a crash
 * resumes at the page it was on, rewrites nothing twice and never counts a page twice. Returns false when it stopped at `maxPages` with more to do.
 */
async function backfillObject<T>(
  deps: AppDeps,
  installationId: string,
  ts: PullTransports,
  object: 'contacts' | 'deals',
  page: Pager<T>,
  store: Store<T>,
  maxPages: number,
): Promise<boolean> {
  let state: SyncStateRow | null = await getSyncState(deps.db, installationId, object);
  if (state?.phase === 'incremental') return true;
  if (!state?.startedAt) {
    const total = await countObjects(ts.search, object);
    if (!total.ok) return failWith(deps, installationId, object, total.error);
    state = await saveSyncState(deps.db, installationId, object, {
      phase: 'backfill',
      cursor: null,
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
  for (let pages = 0; pages < maxPages; pages++) {
    const res = await page(ts, cursor.after);
    if (!res.ok) return failWith(deps, installationId, object, res.error);
    done += res.value.records.length + res.value.skipped;
    cursor = { after: res.value.next, skipped: cursor.skipped + res.value.skipped };
    const now = deps.clock.now();
    const finished = res.value.next === null;
    const patch = {
      done,
      cursor: finished ? null : JSON.stringify(cursor),
      lastRunAt: now,
      lastError: null,
      // Totals move while we page (records created meanwhile): never report more done than total.
      ...(state.total !== null && done > state.total ? { total: done } : {}),
      ...(finished
        ? {
            phase: 'incremental',
            finishedAt: now,
            since: new Date(startedAt.getTime() - SINCE_OVERLAP_MS),
          }
        : {}),
    };
    const counts = await store(res.value.records, async (db) => {
      await saveSyncState(db, installationId, object, patch);
    });
    const p = progressOf({ done, total: state.total, startedAt, finishedAt: finished ? now : null }, now);
    deps.logger.info('hubspot backfill page', {
      installationId,
      object,
      page: counts,
      skipped: cursor.skipped,
      ...p,
    });
    if (finished) return true;
  }
  return false;
}

export type BackfillOptions = { maxPages?: number };

/**
 * Owners, then contacts, then deals (so deal links find their contacts). Returns 'more' when it
 * stopped at `maxPages` pages: the caller enqueues the next run, which resumes from the cursor.
 */
export async function runBackfill(
  deps: AppDeps,
  installationId: string,
  ts: PullTransports,
  options: BackfillOptions = {},
): Promise<'done' | 'more'> {
  const maxPages = options.maxPages ?? 500;
  await backfillOwners(deps, installationId, ts);
  const contactsDone = await backfillObject<CanonicalContact>(
    deps,
    installationId,
    ts,
    'contacts',
    (t, after) => listContactsPage(t.api, after),
    (records, advance) =>
      deps.db.transaction(async (tx) => {
        const counts = await storeContacts(tx, installationId, records, deps.clock.now());
        await advance(tx);
        return counts;
      }),
    maxPages,
  );
  if (!contactsDone) return 'more';
  const dealsDone = await backfillObject<CanonicalDeal>(
    deps,
    installationId,
    ts,
    'deals',
    (t, after) => listDealsPage(t.api, after),
    // Deal rules run in their own transactions: the deals are stored (idempotently), then the cursor.
    async (records, advance) => {
      const counts = await storeDeals(deps, installationId, records);
      await advance(deps.db);
      return counts;
    },
    maxPages,
  );
  return dealsDone ? 'done' : 'more';
}
