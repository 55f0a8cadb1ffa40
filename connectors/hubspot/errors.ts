import { z } from 'zod';
import type { CrmError } from '../contract';

/** HubSpot's error body (the "Error" schema in its OpenAPI specs), plus the 429 fields. */
const errorBody = z.looseObject({
  status: z.string().optional(),
  message: z.string().optional(),
  correlationId: z.string().optional(),
  category: z.string().optional(),
  errorType: z.string().optional(),
  policyName: z.string().optional(),
  errors: z.array(z.looseObject({ message: z.string().optional(), code: z.string().optional() })).optional(),
});

export type HttpFailure = { status: number; headers: Record<string, string | undefined>; body: unknown };

export type RateLimitHeaders = { intervalMs: number; max: number; remaining: number };

const TEN_SECONDS = 10_000;

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The per-portal window HubSpot reports; search responses carry none, so null is normal. */
export function parseRateLimitHeaders(headers: Record<string, string | undefined>): RateLimitHeaders | null {
  const read = (n: string) => Number(header(headers, `x-hubspot-ratelimit-${n}`) ?? Number.NaN);
  const out = { intervalMs: read('interval-milliseconds'), max: read('max'), remaining: read('remaining') };
  return Object.values(out).every(Number.isFinite) ? out : null;
}

/** Retry-After in seconds or an HTTP date; past or junk values give null. */
function retryAfterMs(headers: Record<string, string | undefined>, now: Date): number | null {
  const raw = header(headers, 'retry-after')?.trim();
  if (!raw) return null;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) || at <= now.getTime() ? null : at - now.getTime();
}

function untilNextUtcDay(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return next - now.getTime();
}

export function toCrmError(res: HttpFailure, now: Date): CrmError {
  const parsed = errorBody.safeParse(res.body);
  const body = parsed.success ? parsed.data : {};
  const details = body.errors
    ?.map((e) => e.message)
    .filter(Boolean)
    .join('; ');
  const message = [body.message ?? `HubSpot answered ${res.status}`, details].filter(Boolean).join(': ');
  const extra = body.correlationId ? { correlationId: body.correlationId } : {};
  const base = (code: CrmError['code'], retryable: boolean): CrmError => ({
    code,
    retryable,
    message,
    ...extra,
  });

  if (res.status === 401) return base('unauthorized', true); // refresh the token once, then give up
  if (res.status === 403) return base('forbidden', false); // app uninstalled or a scope missing
  if (res.status === 404) return base('not_found', false);
  if (res.status === 409) return base('conflict', false);
  if (res.status === 429) {
    // DAILY resets at midnight in the portal's zone; UTC midnight is a safe lower bound to wait.
    if (body.policyName === 'DAILY')
      return { ...base('rate_limited', false), retryAfterMs: untilNextUtcDay(now) };
    return { ...base('rate_limited', true), retryAfterMs: retryAfterMs(res.headers, now) ?? TEN_SECONDS };
  }
  if (res.status >= 500) {
    const wait = retryAfterMs(res.headers, now);
    return { ...base('unavailable', true), ...(wait === null ? {} : { retryAfterMs: wait }) };
  }
  return base('invalid', false);
}
