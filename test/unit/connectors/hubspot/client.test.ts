import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HubSpotTransport, hubspotCall, LimiterWait } from '../../../../connectors/hubspot/client';

const BASE = 'https://client.hubapi.test';
type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | 'network';
let script: Scripted[] = [];
const seen: { auth: string | null }[] = [];
const ok = { id: '7', properties: {}, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };

const server = setupServer(
  http.get(`${BASE}/crm/v3/objects/contacts/7`, ({ request }) => {
    seen.push({ auth: request.headers.get('authorization') });
    const next = script.shift() ?? { status: 200, body: ok };
    if (next === 'network') return HttpResponse.error();
    return HttpResponse.json(next.body ?? { status: 'error', message: `status ${next.status}` }, next);
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let log: string[] = [];
function transport(over: Partial<HubSpotTransport> = {}): HubSpotTransport {
  let now = Date.parse('2026-12-01T10:00:00Z');
  return {
    baseUrl: BASE,
    accessToken: async () => 'tok-1',
    refreshAfterUnauthorized: async (stale) => {
      log.push(`refresh ${stale}`);
      return 'tok-2';
    },
    acquire: async () => {
      log.push('acquire');
    },
    block: async (until) => {
      log.push(`block +${until - now}`);
    },
    sleep: async (ms) => {
      log.push(`sleep ${ms}`);
      now += ms;
    },
    now: () => new Date(now),
    random: () => 0,
    ...over,
  };
}
const read = (t: HubSpotTransport) => hubspotCall(t, (c) => c.crm.contacts.basicApi.getById('7'));

beforeEach(() => {
  script = [];
  seen.length = 0;
  log = [];
});

describe('hubspotCall', () => {
  it('retries 5xx and network failures with growing backoff, one limiter slot per request', async () => {
    script = [{ status: 503 }, 'network', { status: 502 }];
    const res = await read(transport());
    expect(res.ok).toBe(true);
    expect(seen).toHaveLength(4);
    expect(log).toEqual(['acquire', 'sleep 250', 'acquire', 'sleep 500', 'acquire', 'sleep 1000', 'acquire']);
  });

  it('gives up after maxAttempts with the last error', async () => {
    script = [{ status: 503 }, { status: 503 }, { status: 503 }];
    const res = await read(transport({ maxAttempts: 2 }));
    expect(res).toMatchObject({ ok: false, error: { code: 'unavailable', retryable: true } });
    expect(seen).toHaveLength(2);
  });

  it('honours Retry-After on a 429 and tells the shared limiter to hold everyone', async () => {
    const body = {
      status: 'error',
      message: 'limit',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    };
    script = [{ status: 429, body, headers: { 'Retry-After': '3' } }];
    const res = await read(transport());
    expect(res.ok).toBe(true);
    expect(log).toEqual(['acquire', 'block +3000', 'sleep 3000', 'acquire']);
  });

  it('a 429 without Retry-After waits the ten-second window', async () => {
    script = [{ status: 429, body: { status: 'error', message: 'x', policyName: 'TEN_SECONDLY_ROLLING' } }];
    await read(transport());
    expect(log).toContain('block +10000');
    expect(log).toContain('sleep 10000');
  });

  it('does not retry a DAILY 429 but holds the portal until the next UTC day', async () => {
    script = [{ status: 429, body: { status: 'error', message: 'daily', policyName: 'DAILY' } }];
    const res = await read(transport());
    expect(res).toMatchObject({ ok: false, error: { code: 'rate_limited', retryable: false } });
    expect(seen).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('block'))).toEqual(['block +50400000']);
  });

  it('pauses everyone briefly when HubSpot reports no requests remaining', async () => {
    const headers = {
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Max': '110',
      'X-HubSpot-RateLimit-Remaining': '0',
    };
    script = [{ status: 200, body: ok, headers }];
    expect((await read(transport())).ok).toBe(true);
    expect(log).toEqual(['acquire', 'block +1000']);
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    script = [{ status: 401 }];
    const res = await read(transport());
    expect(res.ok).toBe(true);
    expect(seen.map((s) => s.auth)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(log.filter((l) => l.startsWith('refresh'))).toEqual(['refresh tok-1']);
  });

  it('a second 401 after the refresh is final', async () => {
    script = [{ status: 401 }, { status: 401 }, { status: 401 }];
    const res = await read(transport());
    expect(res).toMatchObject({ ok: false, error: { code: 'unauthorized', retryable: false } });
    expect(seen).toHaveLength(2);
  });

  it('a refused refresh or no token at all means disconnected, without calling HubSpot', async () => {
    script = [{ status: 401 }];
    const refused = await read(transport({ refreshAfterUnauthorized: async () => null }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized', retryable: false } });
    seen.length = 0;
    const none = await read(transport({ accessToken: async () => null }));
    expect(none).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(seen).toHaveLength(0);
  });

  it('does not retry other 4xx', async () => {
    script = [{ status: 400, body: { status: 'error', message: 'bad', category: 'VALIDATION_ERROR' } }];
    const res = await read(transport());
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid', retryable: false, message: 'bad' } });
    expect(seen).toHaveLength(1);
  });

  it('a limiter asking for a long wait hands it back as a retryable rate_limited error', async () => {
    const res = await read(
      transport({
        acquire: async () => {
          throw new LimiterWait(45_000);
        },
      }),
    );
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryable: true, retryAfterMs: 45_000 },
    });
    expect(seen).toHaveLength(0);
  });
});
