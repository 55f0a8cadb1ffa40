import { describe, expect, it } from 'vitest';
import { lastInstantBefore, windowEnd } from '../../../src/domain/cadence/window-end';

const PARIS = 'Europe/Paris';
const NY = 'America/New_York';
const ALL = [1, 2, 3, 4, 5, 6, 7];
const weekdays = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const window = (start: string, end: string) => ({ days: ALL, start, end });

const end = (now: string, zone: string, w: { days: number[]; start: string; end: string }) =>
  windowEnd(new Date(now), zone, w)?.toISOString() ?? null;

describe('windowEnd', () => {
  it('is the end of the window in the contact zone, today', () => {
    // Thursday 2026-12-03, Paris is UTC+1.
    expect(end('2026-12-03T15:59:00Z', PARIS, weekdays)).toBe('2026-12-03T16:00:00.000Z');
    expect(end('2026-12-03T08:00:00Z', PARIS, weekdays)).toBe('2026-12-03T16:00:00.000Z');
  });

  it('is null outside the window: before the start, at the end, on a day off', () => {
    expect(end('2026-12-03T07:59:59Z', PARIS, weekdays)).toBeNull();
    expect(end('2026-12-03T16:00:00Z', PARIS, weekdays)).toBeNull();
    expect(end('2026-12-05T10:00:00Z', PARIS, weekdays)).toBeNull(); // Saturday
  });

  it('a 24:00 end is the next local midnight', () => {
    expect(end('2026-12-03T22:59:59.999Z', PARIS, window('09:00', '24:00'))).toBe('2026-12-03T23:00:00.000Z');
    expect(end('2026-12-02T23:00:00Z', PARIS, window('00:00', '24:00'))).toBe('2026-12-03T23:00:00.000Z');
  });

  it('a 24:00 end on a day whose midnight is skipped is the jump (Santiago, 2026-09-06)', () => {
    // Saturday 23:59:59 -04 is followed by Sunday 01:00 -03.
    expect(end('2026-09-06T03:30:00Z', 'America/Santiago', window('09:00', '24:00'))).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });

  it('a 24:00 end on a 25-hour day (Sydney fall back, 2026-04-05)', () => {
    expect(end('2026-04-04T13:30:00Z', 'Australia/Sydney', window('00:00', '24:00'))).toBe(
      '2026-04-05T14:00:00.000Z',
    );
  });

  it('reads the clock after a spring-forward, not the offset at now (New York, 2026-03-08)', () => {
    // 01:30 EST; the window closes at 17:00 EDT.
    expect(end('2026-03-08T06:30:00Z', NY, window('00:00', '17:00'))).toBe('2026-03-08T21:00:00.000Z');
    // An end inside the gap (02:30 does not exist): the window closes when the clock jumps to 03:00.
    expect(end('2026-03-08T06:30:00Z', NY, window('00:00', '02:30'))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('reads the clock after a fall-back (New York, 2026-11-01)', () => {
    // 00:30 EDT; the window closes at 17:00 EST.
    expect(end('2026-11-01T04:30:00Z', NY, window('00:00', '17:00'))).toBe('2026-11-01T22:00:00.000Z');
  });

  it('an end inside a fall-back overlap closes each stretch the clock is in the window', () => {
    const w = window('00:00', '01:30');
    expect(end('2026-11-01T05:00:00Z', NY, w)).toBe('2026-11-01T05:30:00.000Z'); // 01:00 EDT
    expect(end('2026-11-01T05:40:00Z', NY, w)).toBeNull(); // 01:40 EDT
    expect(end('2026-11-01T06:10:00Z', NY, w)).toBe('2026-11-01T06:30:00.000Z'); // 01:10 EST
  });

  it('a start inside a fall-back overlap: the clock falling back below it closes the window', () => {
    // 01:45 EDT; at 06:00Z the clock reads 01:00 EST, before the 01:30 start.
    expect(end('2026-11-01T05:45:00Z', NY, window('01:30', '17:00'))).toBe('2026-11-01T06:00:00.000Z');
  });
});

describe('lastInstantBefore', () => {
  it('is the last millisecond inside a half-open window', () => {
    expect(lastInstantBefore(new Date('2026-12-03T16:00:00Z')).toISOString()).toBe(
      '2026-12-03T15:59:59.999Z',
    );
  });
});
