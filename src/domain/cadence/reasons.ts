/**
 * Why a send lands when it does. Recorded with every planned send (DESIGN 4.8), so each code
 * carries a human-readable detail with the concrete dates and zone involved.
 */
export type ReasonCode =
  | 'business_days'
  | 'not_before_now'
  | 'not_before_earliest'
  | 'outside_window'
  | 'weekend'
  | 'holiday'
  | 'dst_gap'
  | 'dst_overlap'
  | 'jitter'
  | 'spacing'
  | 'cap'
  /** The job ran after the window it was planned in had closed, so the step moved to the next slot. */
  | 'late';

export interface Reason {
  code: ReasonCode;
  detail: string;
}

export const reason = (code: ReasonCode, detail: string): Reason => ({ code, detail });

/** A short list for a detail: audit rows stay readable when a delay skips many days. */
export function listShort(items: readonly string[], max = 6): string {
  return items.slice(0, max).join(', ') + (items.length > max ? `, ... (${items.length} in all)` : '');
}
