import { Connection, type HttpRequest, type HttpRequestOptions, type TokenResponse } from 'jsforce';
import type { CrmError, CrmResult } from '../contract';
import { attemptError, DEFAULT_MAX_ATTEMPTS, type Failure, retryDelay } from './client-retry';

export type SalesforceSession = { instanceUrl: string; accessToken: string; refreshToken: string | null };

/** What a refresh reads and writes; under `exclusive` these run inside the org's refresh lock. */
export type SessionStore = {
  session: () => Promise<SalesforceSession | null>;
  onRefresh: (accessToken: string, refreshToken: string | null) => Promise<void>;
  onRefreshFailed: (message: string) => Promise<void>;
};

export type SalesforceTransport = SessionStore & {
  version: string;
  oauth: { clientId: string; clientSecret?: string; redirectUri: string; loginUrl: string };
  acquire: (calls: number) => Promise<void>;
  record: (calls: number, usage: { used: number; max: number } | null) => Promise<void>;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  maxAttempts?: number;
  random?: () => number;
  /**
   * Runs a refresh while holding a lock every worker of every process shares (beyond the spec, optional):
   * with rotating refresh tokens two workers refreshing with the same token would revoke the grant.
   */
  exclusive?: <T>(fn: (locked: SessionStore) => Promise<T>) => Promise<T>;
};

/** Thrown by `acquire` when the org's API budget has no room now: try again in `waitMs`. */
export class BudgetWait extends Error {
  constructor(readonly waitMs: number) {
    super(`Salesforce API budget exhausted: wait ${waitMs} ms`);
  }
}

/** A refresh that found the stored tokens gone or the grant revoked: no retry helps. */
class RefreshFailed extends Error {}

/** What one attempt saw at the HTTP level: jsforce's errors drop the status, so the transport keeps it. */
type Tracker = {
  requests: number;
  failure: Failure | null;
  refreshError: CrmError | null;
  refreshes: number;
};

/** A session rejected again right after a refresh is not refreshed forever (jsforce would loop). */
const MAX_REFRESHES_PER_CALL = 2;

/**
 * Every HTTP request of the connection (REST, queryMore pages, Bulk 2.0, the retry after a refresh)
 * goes through `conn._transport`: wrapping it counts them exactly and turns jsforce's own retries off
 * (they sleep in real time, retry without our budget and hide the requests from the count). The
 * token endpoint goes through `conn.oauth2`'s own transport and is not an API call: not counted.
 */
function trackTransport(conn: Connection, tracker: Tracker): void {
  const inner = conn._transport;
  const wrapped = Object.create(inner) as typeof inner;
  wrapped.httpRequest = (req: HttpRequest, options: HttpRequestOptions = {}) => {
    const pending = inner.httpRequest(req, { ...options, retry: { ...options.retry, maxRetries: 0 } });
    pending.then(
      (res) => {
        // Counted when answered: a 401 is turned away before it is an API call (the refreshed
        // retry counts); 5xx and REQUEST_LIMIT_EXCEEDED count too, erring on the budget's side.
        if (res.statusCode !== 401) tracker.requests++;
        // The last answer wins: a 401 followed by a refreshed retry that worked is no failure.
        tracker.failure =
          res.statusCode >= 400 ? { method: req.method, status: res.statusCode, networkCode: null } : null;
      },
      (err: unknown) => {
        tracker.failure = { method: req.method, status: null, networkCode: networkCode(err) };
      },
    );
    return pending;
  };
  conn._transport = wrapped;
}

function networkCode(err: unknown): string | null {
  let cause: unknown = err;
  for (let depth = 0; depth < 4 && cause && typeof cause === 'object'; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * jsforce calls this on a 401. Under the org's lock: re-read the stored tokens; when another worker
 * already replaced the stale token, use its token; else refresh with the STORED refresh token (a
 * rotated one persisted by someone else included) and persist the answer before the request is retried.
 */
function refreshFn(t: SalesforceTransport, tracker: Tracker) {
  return (conn: Connection, callback: (err: Error | null, token?: string, res?: TokenResponse) => void) => {
    const stale = conn.accessToken;
    const run = async (store: SessionStore): Promise<{ token: string; res?: TokenResponse }> => {
      const current = await store.session();
      if (!current) throw refreshFailed(tracker, 'installation is disconnected');
      if (current.accessToken !== stale) return { token: current.accessToken };
      if (!current.refreshToken) throw refreshFailed(tracker, 'no refresh token stored');
      let res: TokenResponse;
      try {
        res = await conn.oauth2.refreshToken(current.refreshToken);
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        if (e.name !== 'invalid_grant') throw e; // token endpoint down or misconfigured: not a revocation
        const reason = `refresh token rejected (${e.name}: ${e.message})`;
        await store.onRefreshFailed(reason);
        throw refreshFailed(tracker, reason);
      }
      await store.onRefresh(res.access_token, res.refresh_token ?? null);
      if (res.instance_url) conn.instanceUrl = res.instance_url;
      return { token: res.access_token, res };
    };
    void (async () => {
      if (++tracker.refreshes > MAX_REFRESHES_PER_CALL) {
        throw refreshFailed(tracker, 'session rejected again after a refresh');
      }
      return t.exclusive ? t.exclusive(run) : run(t);
    })().then(
      ({ token, res }) => callback(null, token, res),
      (err: unknown) => {
        if (!tracker.refreshError && !(err instanceof RefreshFailed)) {
          const message = err instanceof Error ? err.message : String(err);
          tracker.refreshError = {
            code: 'unavailable',
            retryable: true,
            message: `refresh failed: ${message}`,
          };
        }
        callback(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
}

function refreshFailed(tracker: Tracker, reason: string): RefreshFailed {
  tracker.refreshError = { code: 'unauthorized', retryable: false, message: `Salesforce ${reason}` };
  return new RefreshFailed(reason);
}

function connectionFor(t: SalesforceTransport, session: SalesforceSession, tracker: Tracker): Connection {
  const conn = new Connection({
    oauth2: { ...t.oauth },
    loginUrl: t.oauth.loginUrl,
    instanceUrl: session.instanceUrl,
    accessToken: session.accessToken,
    ...(session.refreshToken ? { refreshToken: session.refreshToken } : {}),
    version: t.version,
    refreshFn: refreshFn(t, tracker),
  });
  trackTransport(conn, tracker);
  return conn;
}

const disconnected: CrmError = {
  code: 'unauthorized',
  retryable: false,
  message: 'Salesforce installation is disconnected',
};

async function record(t: SalesforceTransport, conn: Connection, tracker: Tracker): Promise<void> {
  if (tracker.requests === 0) return;
  const usage = conn.limitInfo.apiUsage;
  await t.record(tracker.requests, usage ? { used: usage.used, max: usage.limit } : null);
}

export type CallOptions = {
  /** How many API requests the caller expects (the budget is asked for that many). Default 1. */
  calls?: number;
  /** The caller's POSTs may be repeated safely (queries, Bulk query jobs). Default: POST is not. */
  idempotent?: boolean;
};

/**
 * One logical operation over a jsforce Connection. Before each attempt the budget is asked for
 * `calls`; after it, every HTTP request jsforce made is recorded with the org's own usage count.
 * Retries 5xx, network failures and REQUEST_LIMIT_EXCEEDED with full-jitter backoff, except a POST
 * (a create) whose request may have run: repeated blindly it would create twice (see client-retry).
 * `fn` should do one request (or one query with its pages), so a retry repeats only that.
 */
export async function salesforceCall<T>(
  t: SalesforceTransport,
  what: string,
  fn: (conn: Connection) => PromiseLike<T>,
  options: CallOptions = {},
): Promise<CrmResult<T>> {
  const maxAttempts = t.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let session: SalesforceSession | null;
  try {
    session = await t.session();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'unavailable', retryable: true, message: `${what}: ${message}` } };
  }
  if (!session) return { ok: false, error: disconnected };
  const tracker: Tracker = { requests: 0, failure: null, refreshError: null, refreshes: 0 };
  const conn = connectionFor(t, session, tracker);
  for (let attempt = 1; ; attempt++) {
    try {
      await t.acquire(options.calls ?? 1);
    } catch (err) {
      if (!(err instanceof BudgetWait)) throw err;
      const error: CrmError = { code: 'rate_limited', retryable: true, message: `${what}: ${err.message}` };
      return { ok: false, error: { ...error, retryAfterMs: err.waitMs, ownBudget: true } };
    }
    Object.assign(tracker, { requests: 0, failure: null, refreshError: null });
    let error: CrmError;
    try {
      const value = await fn(conn);
      await record(t, conn, tracker);
      return { ok: true, value };
    } catch (thrown) {
      await record(t, conn, tracker);
      const mapped =
        tracker.refreshError ?? attemptError(thrown, tracker.failure, options.idempotent ?? false);
      if (!mapped) throw thrown; // not from Salesforce nor the network: a bug in `fn`
      error = { ...mapped, message: `${what}: ${mapped.message}` };
    }
    const wait = retryDelay(error, attempt, maxAttempts, t.random);
    if (wait === null) return { ok: false, error };
    await t.sleep(wait);
  }
}
