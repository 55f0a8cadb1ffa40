import type { CrmError } from '../../../connectors/contract';

/** The part of a pending crm_outbox row that decides when it may go. */
export type Queued = {
  id: string;
  contactId: string | null;
  kind: string;
  nextAttemptAt: Date | null;
};

const due = (r: Queued, now: Date) => !r.nextAttemptAt || r.nextAttemptAt <= now;

/**
 * The rows to send now, from the pending rows in creation order: for each contact, its leading run
 * of due rows of one kind (consecutive property updates merge into one batch input; tasks go in
 * one batch). A contact whose earliest pending row waits (backoff) sends nothing, so a later row
 * of a contact never overtakes an earlier one. Rows without a contact stand alone.
 */
export function planWave<R extends Queued>(rows: R[], now: Date): R[] {
  const open = new Map<string, { kind: string; open: boolean }>();
  const out: R[] = [];
  for (const r of rows) {
    const key = r.contactId ?? `row:${r.id}`;
    const run = open.get(key);
    if (!run) {
      open.set(key, { kind: r.kind, open: due(r, now) });
      if (due(r, now)) out.push(r);
    } else if (run.open && run.kind === r.kind && due(r, now)) {
      out.push(r);
    } else {
      run.open = false;
    }
  }
  return out;
}

/**
 * What to do with a row whose write failed: `retry` later, or `fail` for good. Only an error the
 * row itself causes (HubSpot refused its content) fails it; a portal that is down, rate-limited,
 * disconnected or missing a scope keeps the row waiting, so nothing is lost.
 */
export function disposition(error: CrmError): 'retry' | 'fail' {
  if (error.retryable) return 'retry';
  return error.code === 'invalid' || error.code === 'not_found' || error.code === 'conflict'
    ? 'fail'
    : 'retry';
}

const BASE_MS = 30_000;
const CAP_MS = 15 * 60_000;
/** Disconnected or missing a scope: an admin has to act, so look again hourly. */
const NEEDS_ADMIN_MS = 60 * 60_000;

/** When a row that failed its `attempts`-th try goes again: backoff with jitter, or the CRM's own wait. */
export function nextAttemptDelayMs(
  error: CrmError,
  attempts: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  const backoff = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  if (error.code === 'unauthorized' || error.code === 'forbidden') return Math.max(backoff, NEEDS_ADMIN_MS);
  return Math.max(backoff, error.retryAfterMs ?? 0);
}
