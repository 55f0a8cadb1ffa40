import { describe, expect, it } from 'vitest';
import {
  disposition,
  nextAttemptDelayMs,
  planWave,
  type Queued,
} from '../../../src/services/crm/outbox-plan';

const now = new Date('2026-03-02T14:00:00Z');
const later = new Date('2026-03-02T15:00:00Z');
const row = (
  id: string,
  contactId: string | null,
  kind: string,
  nextAttemptAt: Date | null = null,
): Queued => ({
  id,
  contactId,
  kind,
  nextAttemptAt,
});
const ids = (rows: Queued[]) => rows.map((r) => r.id);

describe('planWave', () => {
  it("takes each contact's leading run of one kind", () => {
    const rows = [
      row('a1', 'a', 'property_update'),
      row('b1', 'b', 'task'),
      row('a2', 'a', 'property_update'),
      row('a3', 'a', 'task'),
      row('a4', 'a', 'property_update'),
      row('b2', 'b', 'task'),
    ];
    expect(ids(planWave(rows, now))).toEqual(['a1', 'b1', 'a2', 'b2']);
  });

  it('a waiting row holds back every later row of its contact, not other contacts', () => {
    const rows = [row('a1', 'a', 'task', later), row('a2', 'a', 'task'), row('b1', 'b', 'task')];
    expect(ids(planWave(rows, now))).toEqual(['b1']);
    expect(ids(planWave(rows, later))).toEqual(['a1', 'a2', 'b1']);
  });

  it('a waiting row in the middle of a run ends the run there', () => {
    const rows = [row('a1', 'a', 'task'), row('a2', 'a', 'task', later), row('a3', 'a', 'task')];
    expect(ids(planWave(rows, now))).toEqual(['a1']);
  });

  it('rows without a contact stand alone', () => {
    const rows = [row('x', null, 'opt_out', later), row('y', null, 'opt_out')];
    expect(ids(planWave(rows, now))).toEqual(['y']);
  });
});

describe('disposition and backoff', () => {
  it('fails only what HubSpot refused for its content; everything else waits', () => {
    expect(disposition({ code: 'invalid', retryable: false, message: '' })).toBe('fail');
    expect(disposition({ code: 'not_found', retryable: false, message: '' })).toBe('fail');
    expect(disposition({ code: 'unavailable', retryable: true, message: '' })).toBe('retry');
    expect(disposition({ code: 'unauthorized', retryable: false, message: '' })).toBe('retry');
    expect(disposition({ code: 'forbidden', retryable: false, message: '' })).toBe('retry');
    expect(disposition({ code: 'rate_limited', retryable: false, message: 'DAILY' })).toBe('retry');
  });

  it('backs off 30 s doubling to 15 min, or longer when HubSpot says so', () => {
    const down = { code: 'unavailable' as const, retryable: true, message: '' };
    expect([1, 2, 3, 10].map((a) => nextAttemptDelayMs(down, a, () => 1))).toEqual([
      30_000, 60_000, 120_000, 900_000,
    ]);
    expect(nextAttemptDelayMs(down, 1, () => 0)).toBe(15_000);
    expect(nextAttemptDelayMs({ ...down, code: 'rate_limited', retryAfterMs: 3_600_000 }, 1, () => 0)).toBe(
      3_600_000,
    );
    expect(nextAttemptDelayMs({ ...down, code: 'unauthorized', retryable: false }, 1, () => 0)).toBe(
      3_600_000,
    );
  });
});
