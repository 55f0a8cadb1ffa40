import type { CrmError } from '../contract';

export const DEFAULT_MAX_ATTEMPTS = 4;
const BASE_MS = 500;
const CAP_MS = 30_000;
/** Spread for callers told the same Retry-After, so they do not all come back in the same instant. */
const RETRY_AFTER_SPREAD_MS = 250;
/** Longer waits are not slept in-process: the caller gets the error and schedules (the outbox row). */
export const MAX_IN_PROCESS_WAIT_MS = 30_000;

/**
 * Exponential backoff with "equal jitter" (half fixed, half random): never zero, so a retry storm
 * cannot form, and spread so workers that failed together do not retry together. `attempt` is 1-based.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * How long to wait before the next attempt after `attempt` failed with `error`, or null to give up:
 * not retryable, out of attempts, or told to wait longer than a worker should sleep. The CRM's own
 * wait (Retry-After, a 429's window) replaces our backoff: it knows when its window frees up.
 */
export function retryDelay(
  error: CrmError,
  attempt: number,
  maxAttempts: number,
  random: () => number = Math.random,
): number | null {
  if (!error.retryable || attempt >= maxAttempts) return null;
  const backoff = backoffMs(attempt, random);
  const told = error.retryAfterMs;
  const wait = told === undefined ? backoff : told + Math.round(random() * RETRY_AFTER_SPREAD_MS);
  return wait > MAX_IN_PROCESS_WAIT_MS ? null : wait;
}
