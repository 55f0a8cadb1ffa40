import type { CanonicalContact, CanonicalDeal } from '../../../connectors/contract';
import type { PullTransports } from '../../../connectors/hubspot/pull';
import { searchChangedPage } from '../../../connectors/hubspot/pull-changes';
import {
  nextSearchCursor,
  SEARCH_CAP,
  type SearchCursor,
  type SearchObject,
} from '../../../connectors/hubspot/pull-search';
import type { Queryable } from '../../db/client';
import { storeContacts } from '../crm/store-contacts';
import { storeDeals } from '../crm/store-deals';
import { getSyncState, type SyncObject, saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { failWith } from './sync-errors';

/**
 * Search's index trails writes by seconds: a pass moves `since` no later than this before its own
 * start, so a change indexed late is still found by the next pass (it is re-read, harmlessly).
 */
export const INDEX_LAG_MS = 2 * 60_000;

/** A pass in flight, stored as the cursor so a crash resumes it. */
type Pass = {
  search: SearchCursor;
  startedAt: number;
  maxSeen: number | null;
  done: number;
  total: number | null;
};

function readPass(text: string | null): Pass | null {
  try {
    const v = JSON.parse(text ?? '') as Pass;
    return typeof v.search?.from === 'number' && typeof v.startedAt === 'number' ? v : null;
  } catch {
    return null;
  }
}

export type PassResult = {
  read: number;
  stored: number;
  skipped: number;
  windows: number;
  /** False when the pass stopped at its page budget; the stored cursor continues it next time. */
  complete: boolean;
};

/** Pages per pass (200 records each): a huge burst of changes is worked off over several passes. */
export const PASS_PAGES = 250;

const sameCursor = (a: SearchCursor, b: SearchCursor) =>
  a.from === b.from && a.after === b.after && a.afterId === b.afterId;

/**
 * Everything modified since `from`, oldest first, stored page by page. With `state` the pass is the
 * object's incremental pull: it resumes from and saves its cursor, and moves `since` at the end.
 * Reconciliation runs the same loop without touching that state.
 */
export async function pullChanged(
  deps: AppDeps,
  installationId: string,
  ts: PullTransports,
  object: SearchObject,
  from: Date,
  options: { state?: SyncObject; resume?: string | null; cap?: number; maxPages?: number } = {},
): Promise<PassResult & { pass: Pass }> {
  const fresh: Pass = {
    search: { from: from.getTime(), after: 0 },
    startedAt: deps.clock.now().getTime(),
    maxSeen: null,
    done: 0,
    total: null,
  };
  const pass = readPass(options.resume ?? null) ?? fresh;
  const out: PassResult = { read: 0, stored: 0, skipped: 0, windows: 1, complete: true };
  let pages = 0;
  for (let cursor: SearchCursor | null = pass.search; cursor; ) {
    if (pages++ >= (options.maxPages ?? PASS_PAGES)) {
      out.complete = false;
      break;
    }
    const res = await searchChangedPage(ts, object, cursor);
    if (!res.ok) return failWith(deps, installationId, options.state ?? 'reconcile', res.error);
    const { records, skipped, facts } = res.value;
    if (cursor.after === 0 && pass.total === null) pass.total = facts.total;
    const next = nextSearchCursor(cursor, facts, options.cap ?? SEARCH_CAP);
    // A cursor that would ask the same again is a bug (or a portal we misread): stop, never spin.
    if (next && sameCursor(next, cursor))
      throw new Error(`search cursor did not move: ${JSON.stringify(next)}`);
    if (next && next.after === 0) out.windows += 1;
    pass.done += records.length + skipped;
    if (facts.lastModified !== null) pass.maxSeen = Math.max(pass.maxSeen ?? 0, facts.lastModified);
    pass.search = next ?? pass.search;
    const advance = async (db: Queryable) => {
      if (!options.state || !next) return;
      await saveSyncState(db, installationId, options.state, { cursor: JSON.stringify(pass) });
    };
    const stored = await storePage(deps, installationId, object, records, advance);
    out.read += records.length;
    out.stored += stored;
    out.skipped += skipped;
    cursor = next;
  }
  return { ...out, pass };
}

/** Contacts and the cursor commit together; deals run their rules, then store, then the cursor. */
async function storePage(
  deps: AppDeps,
  installationId: string,
  object: SearchObject,
  records: Array<CanonicalContact | CanonicalDeal>,
  advance: (db: Queryable) => Promise<void>,
): Promise<number> {
  if (object === 'contacts') {
    return deps.db.transaction(async (tx) => {
      const c = await storeContacts(tx, installationId, records as CanonicalContact[], deps.clock.now());
      await advance(tx);
      return c.stored;
    });
  }
  const d = await storeDeals(deps, installationId, records as CanonicalDeal[]);
  await advance(deps.db);
  return d.stored;
}

/** One incremental pass of an object whose backfill is done; `since` then moves forward. */
export async function runIncremental(
  deps: AppDeps,
  installationId: string,
  ts: PullTransports,
  object: 'contacts' | 'deals',
  options: { cap?: number; maxPages?: number } = {},
): Promise<PassResult | null> {
  const state = await getSyncState(deps.db, installationId, object);
  if (state?.phase !== 'incremental' || !state.since) return null;
  const resume = readPass(state.cursor);
  if (!resume)
    await saveSyncState(deps.db, installationId, object, { startedAt: deps.clock.now(), finishedAt: null });
  const result = await pullChanged(deps, installationId, ts, object, state.since, {
    state: object,
    resume: state.cursor,
    ...(options.cap === undefined ? {} : { cap: options.cap }),
    ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
  });
  const { pass } = result;
  if (!result.complete) {
    await saveSyncState(deps.db, installationId, object, { lastRunAt: deps.clock.now(), lastError: null });
    return result;
  }
  const safe = pass.startedAt - INDEX_LAG_MS;
  const since = Math.max(state.since.getTime(), Math.min(pass.maxSeen ?? safe, safe));
  const now = deps.clock.now();
  await saveSyncState(deps.db, installationId, object, {
    cursor: null,
    since: new Date(since),
    done: pass.done,
    total: pass.total ?? pass.done,
    finishedAt: now,
    lastRunAt: now,
    lastError: null,
  });
  deps.logger.info('hubspot incremental pass', { installationId, object, ...result, pass: undefined });
  return result;
}
