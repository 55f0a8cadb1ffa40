// Injected outages and the org's daily API allocation (rolling 24 h on the fake clock plus a settable baseline).
import type { Context, Hono, Next } from 'hono';
import { sfError } from './errors';
import type { State } from './state';

const DAY_MS = 86_400_000;

/** Calls counted in the last 24 h plus `limits.used` (an org that is already busy). */
export function apiUsed(state: State): number {
  const since = state.clock.now() - DAY_MS;
  while ((state.limits.calls[0] ?? Number.POSITIVE_INFINITY) <= since) state.limits.calls.shift();
  return state.limits.used + state.limits.calls.length;
}

const isRest = (path: string) => path.startsWith('/services/data/');

/** Answers with an injected failure while one matches (by default: REST paths only). */
export function outageGuard(state: State) {
  return async (c: Context, next: Next) => {
    const now = state.clock.now();
    state.outages = state.outages.filter(
      (o) => (o.times === undefined || o.times > 0) && (o.until === undefined || now < o.until),
    );
    const hit = state.outages.find((o) => (o.match ? o.match(c.req.path) : isRest(c.req.path)));
    if (hit) {
      if (hit.times !== undefined) hit.times -= 1;
      if (hit.status === 503) return sfError(c, 503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable');
      if (hit.status === 429)
        return sfError(c, 429, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.');
      return sfError(
        c,
        500,
        'UNKNOWN_EXCEPTION',
        'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89 (-1)',
      );
    }
    await next();
    return undefined;
  };
}

/** Counts the call, refuses it at the allocation, and sets Sforce-Limit-Info like every REST answer. */
export function usageMeter(state: State) {
  return async (c: Context, next: Next) => {
    const used = apiUsed(state);
    if (used >= state.limits.max) {
      c.header('Sforce-Limit-Info', `api-usage=${used}/${state.limits.max}`);
      return sfError(c, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    }
    state.limits.calls.push(state.clock.now());
    await next();
    c.header('Sforce-Limit-Info', `api-usage=${used + 1}/${state.limits.max}`);
    return undefined;
  };
}

export function limitRoutes(app: Hono, state: State) {
  app.get('/services/data/:version/limits', (c) => {
    const used = apiUsed(state);
    return c.json({
      DailyApiRequests: { Max: state.limits.max, Remaining: Math.max(0, state.limits.max - used) },
      DailyBulkV2QueryJobs: { Max: 10_000, Remaining: 10_000 - state.bulkJobs.size },
    });
  });
}
