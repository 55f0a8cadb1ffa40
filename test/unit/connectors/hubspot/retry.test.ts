import { describe, expect, it } from 'vitest';
import type { CrmError } from '../../../../connectors/contract';
import { backoffMs, MAX_IN_PROCESS_WAIT_MS, retryDelay } from '../../../../connectors/hubspot/retry';

const unavailable: CrmError = { code: 'unavailable', retryable: true, message: '503' };

describe('backoff', () => {
  it('doubles per attempt between half and all of its ceiling, capped at 30 s', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(30, () => 1)).toBe(30_000);
  });

  it('jitters: two workers failing together wait different times', () => {
    expect(backoffMs(3, () => 0.1)).not.toBe(backoffMs(3, () => 0.9));
  });
});

describe('retryDelay', () => {
  it('retries retryable errors until the last attempt', () => {
    expect(retryDelay(unavailable, 1, 3, () => 0)).toBe(250);
    expect(retryDelay(unavailable, 2, 3, () => 0)).toBe(500);
    expect(retryDelay(unavailable, 3, 3, () => 0)).toBeNull();
  });

  it('never retries a non-retryable error', () => {
    expect(retryDelay({ code: 'invalid', retryable: false, message: 'bad' }, 1, 5)).toBeNull();
  });

  it("uses the CRM's wait instead of the backoff, plus a little spread", () => {
    const limited: CrmError = { code: 'rate_limited', retryable: true, message: '429', retryAfterMs: 10_000 };
    expect(retryDelay(limited, 1, 4, () => 0)).toBe(10_000);
    expect(retryDelay(limited, 1, 4, () => 1)).toBe(10_250);
    expect(retryDelay({ ...limited, retryAfterMs: 100 }, 3, 4, () => 0)).toBe(100);
  });

  it('hands a wait longer than a worker should sleep back to the caller', () => {
    const long: CrmError = { ...unavailable, retryAfterMs: MAX_IN_PROCESS_WAIT_MS + 1 };
    expect(retryDelay(long, 1, 4, () => 0)).toBeNull();
  });
});
