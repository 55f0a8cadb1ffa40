import type { SalesforceTransport } from '../../../connectors/salesforce/client';
import { keysetPage, PAGE_LIMIT } from '../../../connectors/salesforce/pull';
import type { PullObject } from '../../../connectors/salesforce/schemas';
import type { Keyset } from '../../../connectors/salesforce/soql';
import { getSyncState, saveSyncState } from '../crm/sync-state';
import type { AppDeps } from '../deps';
import { keysetFrom, readCursor, sameKeyset, writeCursor } from './sync-cursor';
import { failWith } from './sync-errors';
import { OBJECTS } from './sync-objects';

export type PullOptions = { pageLimit?: number; maxPages?: number };
export type PassResult = { read: number; skipped: number; pages: number; complete: boolean };

/**
 * The saved cursor never moves closer than this to the pass's start. SystemModstamp has whole
 * seconds and is stamped before the change commits: a record changed again in the second we read
 * it, or committed late with an earlier stamp, would fall behind a cursor at "now". Re-reading the
 * last minute each pass costs a few rows (unchanged versions are left alone) and misses nothing.
 */
export const SETTLE_MS = 60_000;

/** Pages per pass: a burst bigger than this is worked off over the next passes, from the cursor. */
export const PASS_PAGES = 100;

/**
 * One incremental pass of an object whose backfill is done: keyset pages after the stored cursor
 * (`SystemModstamp, Id`, so rows sharing one stamp across a page boundary are neither skipped nor
 * read twice) until a short page. Each page is stored, then the cursor moves to its last row: a
 * crash re-reads at most that page (harmless: unchanged versions are left alone), never skips.
 */
export async function pullObject(
  deps: AppDeps,
  installationId: string,
  t: SalesforceTransport,
  spec: (typeof OBJECTS)[number],
  options: PullOptions = {},
): Promise<PassResult | null> {
  const state = await getSyncState(deps.db, installationId, spec.state);
  if (state?.phase !== 'incremental') return null;
  const start = readCursor(state.cursor);
  let keyset = start.mode === 'rest' ? start.keyset : null;
  const limit = options.pageLimit ?? PAGE_LIMIT;
  const settled = new Date(deps.clock.now().getTime() - SETTLE_MS);
  const saved = (k: Keyset | null) =>
    k && Date.parse(k.modstamp) >= settled.getTime() ? keysetFrom(settled) : k;
  const out: PassResult = { read: 0, skipped: 0, pages: 0, complete: false };
  await saveSyncState(deps.db, installationId, spec.state, { startedAt: deps.clock.now(), finishedAt: null });
  while (out.pages < (options.maxPages ?? PASS_PAGES)) {
    const page = await keysetPage(t, spec.object, keyset, limit);
    if (!page.ok) return failWith(deps, installationId, spec.state, page.error);
    out.pages += 1;
    const { rows, skipped, last, full } = page.value;
    if (full && sameKeyset(last, keyset))
      throw new Error(`${spec.object} keyset did not move: ${JSON.stringify(last)}`);
    const stored = await spec.store(deps, installationId, t, rows);
    if (!stored.ok) return failWith(deps, installationId, spec.state, stored.error);
    out.read += rows.length;
    out.skipped += skipped;
    keyset = last ?? keyset;
    await saveSyncState(deps.db, installationId, spec.state, {
      cursor: writeCursor({ mode: 'rest', keyset: saved(keyset) }),
      lastRunAt: deps.clock.now(),
      lastError: null,
    });
    if (!full) {
      out.complete = true;
      break;
    }
  }
  const now = deps.clock.now();
  await saveSyncState(deps.db, installationId, spec.state, {
    done: out.read + out.skipped,
    total: out.read + out.skipped,
    finishedAt: out.complete ? now : null,
    lastRunAt: now,
  });
  if (out.read > 0)
    deps.logger.info('salesforce incremental pass', { installationId, object: spec.object, ...out });
  return out;
}

/** Every object in order; each from its own cursor. */
export async function runIncremental(
  deps: AppDeps,
  installationId: string,
  t: SalesforceTransport,
  options: PullOptions = {},
): Promise<Partial<Record<PullObject, PassResult | null>>> {
  const out: Partial<Record<PullObject, PassResult | null>> = {};
  for (const spec of OBJECTS) out[spec.object] = await pullObject(deps, installationId, t, spec, options);
  return out;
}
