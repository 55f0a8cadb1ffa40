import { Client } from '@hubspot/api-client';
import type { CrmError, CrmResult } from '../contract';
import { type HttpFailure, parseRateLimitHeaders, toCrmError } from './errors';
import { DEFAULT_MAX_ATTEMPTS, retryDelay } from './retry';

/**
 * Everything a HubSpot call needs from outside the connector (which never touches the database):
 * tokens, the per-portal limiter shared by every worker, a clock and a way to wait.
 */
export type HubSpotTransport = {
  baseUrl: string;
  /** null: the installation is disconnected. Throwing means "try later" (token endpoint down). */
  accessToken: () => Promise<string | null>;
  /** Called at most once per call, after a 401; null: the grant is gone. */
  refreshAfterUnauthorized: (stale: string) => Promise<string | null>;
  /** Waits for a slot of the shared limiter; may throw a `LimiterWait` when the wait is too long. */
  acquire: () => Promise<void>;
  /** Tells the shared limiter nobody calls before this instant (a 429, Retry-After). */
  block: (untilMs: number) => Promise<void>;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  maxAttempts?: number;
  random?: () => number;
};

/** Thrown by `acquire` when the limiter asks for a wait longer than a worker should hold a job. */
export class LimiterWait extends Error {
  constructor(readonly waitMs: number) {
    super(`HubSpot rate limiter asks to wait ${waitMs} ms`);
  }
}

/** Remaining 0 in HubSpot's own count: pause everyone briefly (our window and theirs disagree). */
const EXHAUSTED_PAUSE_DIVISOR = 10;

type SdkResponse = { headers: Record<string, string> };

async function noteLimits(t: HubSpotTransport, headers: Record<string, string>): Promise<void> {
  const limits = parseRateLimitHeaders(headers);
  if (limits && limits.remaining <= 0) {
    await t.block(t.now().getTime() + limits.intervalMs / EXHAUSTED_PAUSE_DIVISOR);
  }
}

/** A non-2xx answer to a raw request, shaped like the SDK's ApiException. */
export class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly headers: Record<string, string>,
    readonly body: unknown,
  ) {
    super(`HubSpot answered ${code}`);
  }
}

/**
 * For endpoints the SDK lacks (communication preferences v4): `apiRequest` skips the middleware,
 * so this takes the limiter slot and reads the rate headers itself. Use it inside `hubspotCall`.
 */
export async function rawRequest<T>(
  t: HubSpotTransport,
  client: Client,
  opts: { method: 'GET' | 'POST'; path: string; qs?: Record<string, string>; body?: unknown },
): Promise<T> {
  await t.acquire();
  const res = await client.apiRequest(opts);
  const headers = Object.fromEntries(res.headers.entries());
  await noteLimits(t, headers);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for the error message
  }
  if (!res.ok) throw new HttpError(res.status, headers, body);
  return body as T;
}

/**
 * A client for one attempt. Its middleware runs around every HTTP request the SDK makes: `pre`
 * takes a limiter slot, `post` reads HubSpot's own count of what is left in the window.
 */
function clientFor(t: HubSpotTransport, accessToken: string): Client {
  return new Client({
    accessToken,
    basePath: t.baseUrl,
    numberOfApiCallRetries: 0, // retries are ours, per portal, honouring Retry-After
    middleware: [
      {
        pre: async (ctx: unknown) => {
          await t.acquire();
          return ctx;
        },
        post: async (ctx: unknown) => {
          await noteLimits(t, (ctx as SdkResponse).headers);
          return ctx;
        },
      },
    ],
  });
}

/** The SDK's ApiException (one class per generated module, so matched by shape); its body is the raw JSON. */
function asHttpFailure(error: unknown): HttpFailure | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; headers?: unknown; body?: unknown };
  if (typeof e.code !== 'number' || e.code < 400 || e.code > 599) return null;
  const headers = typeof e.headers === 'object' && e.headers !== null ? e.headers : {};
  return { status: e.code, headers: headers as Record<string, string>, body: e.body };
}

/** Maps whatever one attempt threw to a CrmError. */
function toAttemptError(error: unknown, now: Date): CrmError {
  if (error instanceof LimiterWait) {
    return { code: 'rate_limited', retryable: true, message: error.message, retryAfterMs: error.waitMs };
  }
  const failure = asHttpFailure(error);
  if (failure) return toCrmError(failure, now);
  // No HTTP answer: a network failure (refused, reset, DNS), worth another try.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unavailable', retryable: true, message: `HubSpot unreachable: ${message}` };
}

const disconnected: CrmError = {
  code: 'unauthorized',
  retryable: false,
  message: 'HubSpot installation is disconnected',
};

async function tokenOrError(get: () => Promise<string | null>): Promise<string | CrmError> {
  try {
    return (await get()) ?? disconnected;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { code: 'unavailable', retryable: true, message: `no HubSpot token: ${message}` };
  }
}

/**
 * Every HubSpot call goes through here: one limiter slot per HTTP request, retries on 429, 5xx and
 * network failures with backoff (Retry-After when given, shared with every worker through `block`),
 * one token refresh on 401, and no retry of other 4xx. `fn` should make one request (a batch), so a
 * retry repeats only that request.
 */
export async function hubspotCall<T>(
  t: HubSpotTransport,
  fn: (client: Client) => Promise<T>,
): Promise<CrmResult<T>> {
  const maxAttempts = t.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let token = await tokenOrError(t.accessToken);
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    if (typeof token !== 'string') return { ok: false, error: token };
    let error: CrmError;
    let fromHubSpot = false;
    try {
      return { ok: true, value: await fn(clientFor(t, token)) };
    } catch (thrown) {
      error = toAttemptError(thrown, t.now());
      fromHubSpot = !(thrown instanceof LimiterWait);
    }
    if (error.code === 'unauthorized') {
      if (refreshed) return { ok: false, error: { ...error, retryable: false } };
      refreshed = true;
      const stale = token;
      token = await tokenOrError(() => t.refreshAfterUnauthorized(stale));
      attempt--; // the refresh retry is not one of the backoff attempts
      continue;
    }
    if (fromHubSpot && error.code === 'rate_limited' && error.retryAfterMs !== undefined) {
      await t.block(t.now().getTime() + error.retryAfterMs);
    }
    const wait = retryDelay(error, attempt, maxAttempts, t.random);
    if (wait === null) return { ok: false, error };
    await t.sleep(wait);
  }
}
