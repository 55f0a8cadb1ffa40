/**
 * Whether an error means the database cannot be reached right now (restarting, shutting down, the
 * connection dropped), as opposed to a bug or a bad query. Such failures are transient: a request
 * answers 503 `unavailable`, a job is retried. Walks `cause` (drizzle wraps driver errors) and the
 * `errors` of an AggregateError (a refused connect tries every address).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!(current instanceof Error) || seen.has(current) || seen.size > 10) continue;
    seen.add(current);
    if (isUnavailableCode((current as { code?: unknown }).code) || UNAVAILABLE_MESSAGE.test(current.message))
      return true;
    pending.push(current.cause);
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return false;
}

// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08 is connection_exception.
const SQLSTATE = /^(?:57P0[123]|08[0-9A-Z]{3})$/;
// Socket-level codes of Node's net module when the server is gone or not yet listening.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);

function isUnavailableCode(code: unknown): boolean {
  return typeof code === 'string' && (SQLSTATE.test(code) || SOCKET_CODES.has(code));
}

// node-postgres and pg-pool report a lost connection by message only (no code).
const UNAVAILABLE_MESSAGE =
  /^(?:Connection terminated|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect)/;

/** Back-off for a write that must not be lost to a short database restart (about 15 s in all). */
export const UNAVAILABLE_RETRY_MS = [200, 500, 1000, 2000, 4000, 8000] as const;

/**
 * Runs `fn`, again after each delay while the database is unavailable; any other error, or the
 * last unavailable one, is thrown. For the few writes whose loss costs more than the wait.
 */
export async function retryWhileUnavailable<T>(
  fn: () => Promise<T>,
  delays: readonly number[] = UNAVAILABLE_RETRY_MS,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !isDatabaseUnavailable(error)) throw error;
      await wait(delay);
    }
  }
}
