import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../../src/db/unavailable';

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
