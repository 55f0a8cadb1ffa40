import type { CrmError } from '../contract';

/** The failed HTTP request of an attempt, as the transport saw it (status null: no answer). */
export type Failure = { method: string; status: number | null; networkCode: string | null };

export const DEFAULT_MAX_ATTEMPTS = 4;
const BASE_MS = 500;
const CAP_MS = 20_000;
/** Longer waits are not slept in a worker: the caller gets the error and reschedules (the outbox row). */
export const MAX_IN_PROCESS_WAIT_MS = 30_000;
/** "TotalRequests Limit exceeded": the rolling 24 h allocation is spent; look again in 15 minutes. */
export const DAILY_LIMIT_WAIT_MS = 15 * 60_000;

/** The request never reached Salesforce: repeating it cannot create anything twice. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
]);

/**
 * A POST creates (Task, collections insert): retried only when Salesforce cannot have run it: no
 * connection at all, 503 (unavailable, turned away before processing), 429 or REQUEST_LIMIT_EXCEEDED
 * (rejected). A 500/502/504 or a reset after sending may have created the records: not repeated;
 * the error says the outcome is unknown. PATCH (updates to the same values) and GET repeat safely.
 */
function neverRan(f: Failure, code: string | null): boolean {
  if (f.status === null) return f.networkCode !== null && NOT_SENT.has(f.networkCode);
  return f.status === 503 || f.status === 429 || code === 'REQUEST_LIMIT_EXCEEDED';
}

type ThrownShape = { message: string; errorCode: string | null; network: boolean };

function shapeOf(thrown: unknown): ThrownShape {
  if (!(thrown instanceof Error)) return { message: String(thrown), errorCode: null, network: false };
  const errorCode = (thrown as { errorCode?: unknown }).errorCode;
  return {
    message: thrown.message,
    errorCode: typeof errorCode === 'string' ? errorCode : null,
    network: thrown instanceof TypeError && thrown.message === 'fetch failed',
  };
}

/** Maps what one attempt threw to a CrmError; null when it came from neither Salesforce nor the network. */
export function attemptError(thrown: unknown, failure: Failure | null, idempotent: boolean): CrmError | null {
  const e = shapeOf(thrown);
  if (!failure && !e.errorCode && !e.network) return null;
  const f = failure ?? { method: 'GET', status: null, networkCode: null };
  const safe = idempotent || f.method !== 'POST' || neverRan(f, e.errorCode);
  const message = e.errorCode ? `${e.errorCode}: ${e.message}` : e.message;
  const err = (code: CrmError['code'], retryable: boolean): CrmError => ({ code, retryable, message });
  if (e.errorCode === 'REQUEST_LIMIT_EXCEEDED') {
    const daily = /TotalRequests/i.test(e.message);
    return { ...err('rate_limited', true), ...(daily ? { retryAfterMs: DAILY_LIMIT_WAIT_MS } : {}) };
  }
  if (f.status === null || f.status >= 500) {
    if (safe) return err('unavailable', true);
    return { ...err('unavailable', false), message: `${message} (POST not retried: outcome unknown)` };
  }
  if (f.status === 429) return err('rate_limited', true);
  if (f.status === 401) return err('unauthorized', false);
  if (f.status === 403) return err('forbidden', false);
  if (f.status === 404) return err('not_found', false);
  if (f.status === 409 || e.errorCode === 'ENTITY_IS_LOCKED') return err('conflict', true);
  return err('invalid', false);
}

/** Full jitter: anywhere in [0, ceiling), so workers that failed together spread out. `attempt` is 1-based. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The wait before the next attempt, or null to give up (not retryable, out of attempts, too long a wait). */
export function retryDelay(
  error: CrmError,
  attempt: number,
  maxAttempts: number,
  random: () => number = Math.random,
): number | null {
  if (!error.retryable || attempt >= maxAttempts) return null;
  const wait = error.retryAfterMs ?? backoffMs(attempt, random);
  return wait > MAX_IN_PROCESS_WAIT_MS ? null : wait;
}
