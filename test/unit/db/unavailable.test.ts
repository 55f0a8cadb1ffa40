import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, retryWhileUnavailable } from '../../../src/db/unavailable';

function withCode(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it('recognises server shutdowns, connection exceptions and socket failures', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08003', '08001', 'ECONNREFUSED', 'ECONNRESET'])
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated'))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
  });

  it('looks through causes (drizzle wraps driver errors) and AggregateErrors', () => {
    const wrapped = new Error('Failed query: select 1', { cause: withCode('57P01') });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'connect'))).toBe(true);
  });

  it('leaves bugs and bad queries alone', () => {
    for (const code of ['23505', '42P01', '40001', '57014', 'ENOENT'])
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom', { cause: new Error('no') }))).toBe(false);
    expect(isDatabaseUnavailable('57P01')).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe('retryWhileUnavailable', () => {
  const waits: number[] = [];
  const wait = async (ms: number) => {
    waits.push(ms);
  };

  it('tries again after each delay while the database is away, then returns', async () => {
    waits.length = 0;
    let calls = 0;
    const value = await retryWhileUnavailable(
      async () => {
        calls++;
        if (calls < 3) throw withCode('57P01');
        return 'done';
      },
      [10, 20, 40],
      wait,
    );
    expect(value).toBe('done');
    expect(calls).toBe(3);
    expect(waits).toEqual([10, 20]);
  });

  it('throws other errors at once, and the last unavailable one when the delays run out', async () => {
    waits.length = 0;
    await expect(
      retryWhileUnavailable(async () => Promise.reject(new Error('syntax')), [10], wait),
    ).rejects.toThrow('syntax');
    expect(waits).toEqual([]);
    let calls = 0;
    await expect(
      retryWhileUnavailable(
        async () => {
          calls++;
          throw withCode('ECONNREFUSED', 'refused');
        },
        [10, 20],
        wait,
      ),
    ).rejects.toThrow('refused');
    expect(calls).toBe(3);
  });
});
