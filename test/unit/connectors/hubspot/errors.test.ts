import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, toCrmError } from '../../../../connectors/hubspot/errors';

const now = new Date('2026-12-02T18:00:00.000Z');

describe('HubSpot errors to CrmError', () => {
  it('maps 400 with its validation body', () => {
    const body = {
      status: 'error',
      message: 'Property values were not valid',
      correlationId: 'c-1',
      category: 'VALIDATION_ERROR',
      errors: [{ message: 'Property "tandem_band" does not exist', code: 'PROPERTY_DOESNT_EXIST' }],
    };
    expect(toCrmError({ status: 400, headers: {}, body }, now)).toEqual({
      code: 'invalid',
      retryable: false,
      correlationId: 'c-1',
      message: 'Property values were not valid: Property "tandem_band" does not exist',
    });
  });

  it('maps auth, scope, missing and conflict statuses', () => {
    const codes = [401, 403, 404, 409].map((status) => toCrmError({ status, headers: {}, body: null }, now));
    expect(codes.map((e) => [e.code, e.retryable])).toEqual([
      ['unauthorized', true],
      ['forbidden', false],
      ['not_found', false],
      ['conflict', false],
    ]);
    expect(codes[2]?.message).toBe('HubSpot answered 404');
  });

  it('429 ten-secondly is retryable after Retry-After or ten seconds', () => {
    const body = {
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      message: 'limit',
    };
    expect(toCrmError({ status: 429, headers: {}, body }, now)).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterMs: 10_000,
    });
    expect(toCrmError({ status: 429, headers: { 'Retry-After': '3' }, body }, now).retryAfterMs).toBe(3000);
  });

  it('429 daily waits until the next day and is not retryable now', () => {
    const body = { errorType: 'RATE_LIMIT', policyName: 'DAILY', message: 'daily' };
    expect(toCrmError({ status: 429, headers: { 'retry-after': '1' }, body }, now)).toMatchObject({
      code: 'rate_limited',
      retryable: false,
      retryAfterMs: 6 * 3600_000,
    });
  });

  it('5xx is retryable; a non-JSON body does not throw', () => {
    expect(toCrmError({ status: 502, headers: {}, body: '<html>' }, now)).toEqual({
      code: 'unavailable',
      retryable: true,
      message: 'HubSpot answered 502',
    });
  });

  it('reads the rate limit headers in any case, or null when absent', () => {
    const headers = {
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'x-hubspot-ratelimit-max': '110',
      'X-HUBSPOT-RATELIMIT-REMAINING': '7',
    };
    expect(parseRateLimitHeaders(headers)).toEqual({ intervalMs: 10_000, max: 110, remaining: 7 });
    expect(parseRateLimitHeaders({})).toBeNull();
  });
});
