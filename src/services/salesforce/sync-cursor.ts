import type { Keyset } from '../../../connectors/salesforce/soql';

/**
 * What `crm_sync_state.cursor` holds per object: during the backfill its REST keyset or its Bulk
 * job and results locator; afterwards the incremental keyset (the last row stored).
 */
export type Cursor =
  | { mode: 'rest'; keyset: Keyset | null }
  | { mode: 'bulk'; jobId: string | null; locator: string | null };

const isKeyset = (v: unknown): v is Keyset =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Keyset).modstamp === 'string' &&
  typeof (v as Keyset).id === 'string';

export function readCursor(text: string | null): Cursor {
  try {
    const v = JSON.parse(text ?? '') as Record<string, unknown>;
    if (v.mode === 'bulk') {
      return {
        mode: 'bulk',
        jobId: typeof v.jobId === 'string' ? v.jobId : null,
        locator: typeof v.locator === 'string' ? v.locator : null,
      };
    }
    return { mode: 'rest', keyset: isKeyset(v.keyset) ? v.keyset : null };
  } catch {
    return { mode: 'rest', keyset: null };
  }
}

export const writeCursor = (c: Cursor) => JSON.stringify(c);

/** A keyset that reads everything stamped at or after `at` (Id > '' holds for every row). */
export const keysetFrom = (at: Date): Keyset => ({ modstamp: at.toISOString(), id: '' });

/** Same position: a page that ends where it began would be read forever. */
export const sameKeyset = (a: Keyset | null, b: Keyset | null) =>
  a !== null && b !== null && a.id === b.id && Date.parse(a.modstamp) === Date.parse(b.modstamp);
