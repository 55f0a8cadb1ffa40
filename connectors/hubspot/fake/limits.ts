import type { Context, Next } from 'hono';
import { hubError } from './errors';
import type { State } from './state';

const WINDOW_MS = 10_000;
const MAX = 110;
const SEARCH_PER_SECOND = 5;

/** An injected outage until `until` (fake clock); a 429 outage may say how long to wait (Retry-After). */
export type Outage = { status: 503 | 429; until: number; retryAfterSeconds?: number };

/** Rolling 10-second limit per portal (search has its own 5/s and no rate headers). */
export function rateLimiter(state: State, outage: () => Outage | null) {
  const calls: number[] = [];
  const searches: number[] = [];
  return async (c: Context, next: Next) => {
    const now = state.clock.now();
    const down = outage();
    if (down && now < down.until) {
      if (down.status === 503) return hubError(c, 503, 'SERVICE_UNAVAILABLE', 'Service unavailable');
      if (down.retryAfterSeconds !== undefined) c.header('Retry-After', String(down.retryAfterSeconds));
      return tooMany(c);
    }
    const isSearch = c.req.method === 'POST' && c.req.path.endsWith('/search');
    const log = isSearch ? searches : calls;
    const span = isSearch ? 1000 : WINDOW_MS;
    while (log.length > 0 && (log[0] ?? 0) <= now - span) log.shift();
    if (log.length >= (isSearch ? SEARCH_PER_SECOND : MAX)) {
      if (!isSearch) headers(c, 0);
      return isSearch ? tooMany(c, 'SECONDLY') : tooMany(c);
    }
    log.push(now);
    if (!isSearch) headers(c, MAX - calls.length);
    await next();
    return undefined;
  };
}

function headers(c: Context, remaining: number) {
  c.header('X-HubSpot-RateLimit-Interval-Milliseconds', String(WINDOW_MS));
  c.header('X-HubSpot-RateLimit-Max', String(MAX));
  c.header('X-HubSpot-RateLimit-Remaining', String(remaining));
}

function tooMany(c: Context, policy = 'TEN_SECONDLY_ROLLING') {
  const message =
    policy === 'SECONDLY'
      ? 'You have reached your secondly limit.'
      : 'You have reached your ten_secondly_rolling limit.';
  return c.json(
    {
      status: 'error',
      message,
      errorType: 'RATE_LIMIT',
      correlationId: crypto.randomUUID(),
      policyName: policy,
    },
    429,
  );
}
