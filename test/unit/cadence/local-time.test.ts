import { describe, expect, it } from 'vitest';
import {
  firstInstantInWindow,
  HOUR_MS,
  instantsAtWall,
  MINUTE_MS,
  resolveWall,
  wallOf,
} from '../../../src/domain/cadence/local-time';

const at = (iso: string): number => Date.parse(iso);
const clock = (h: number, m = 0): number => h * HOUR_MS + m * MINUTE_MS;

describe('wall clock <-> instant across DST', () => {
  it('maps a time skipped by spring-forward to the end of the gap', () => {
    // New York 2024-03-10: 02:00 EST -> 03:00 EDT (07:00Z).
    expect(instantsAtWall('America/New_York', '2024-03-10', clock(2, 30))).toEqual([]);
    expect(resolveWall('America/New_York', '2024-03-10', clock(2, 30))).toBe(at('2024-03-10T07:00:00Z'));
    // London 2024-03-31: 01:00 GMT -> 02:00 BST (01:00Z).
    expect(resolveWall('Europe/London', '2024-03-31', clock(1, 30))).toBe(at('2024-03-31T01:00:00Z'));
    // Sydney 2024-10-06: 02:00 AEST -> 03:00 AEDT (16:00Z the day before).
    expect(resolveWall('Australia/Sydney', '2024-10-06', clock(2, 30))).toBe(at('2024-10-05T16:00:00Z'));
  });

  it('maps a time repeated by fall-back to its first occurrence', () => {
    expect(instantsAtWall('America/New_York', '2024-11-03', clock(1, 30))).toEqual([
      at('2024-11-03T05:30:00Z'),
      at('2024-11-03T06:30:00Z'),
    ]);
    expect(resolveWall('America/New_York', '2024-11-03', clock(1, 30))).toBe(at('2024-11-03T05:30:00Z'));
    expect(resolveWall('Europe/London', '2024-10-27', clock(1, 30))).toBe(at('2024-10-27T00:30:00Z'));
    // Sydney 2024-04-07: 03:00 AEDT -> 02:00 AEST; luxon alone picks the first here but the second in New York.
    expect(resolveWall('Australia/Sydney', '2024-04-07', clock(2, 30))).toBe(at('2024-04-06T15:30:00Z'));
  });

  it('handles half-hour DST (Lord Howe) and quarter-hour offsets (Kathmandu)', () => {
    // Lord Howe 2024-10-06: 02:00 +10:30 -> 02:30 +11:00.
    expect(instantsAtWall('Australia/Lord_Howe', '2024-10-06', clock(2, 15))).toEqual([]);
    expect(resolveWall('Australia/Lord_Howe', '2024-10-06', clock(2, 15))).toBe(at('2024-10-05T15:30:00Z'));
    expect(wallOf(at('2024-06-01T03:15:00Z'), 'Asia/Kathmandu')).toEqual({
      date: '2024-06-01',
      weekday: 6,
      msOfDay: clock(9),
    });
  });

  it('handles zones whose DST change is at midnight (Santiago)', () => {
    // Santiago 2024-09-08: 00:00 -04 -> 01:00 -03; the local day starts at 01:00.
    expect(resolveWall('America/Santiago', '2024-09-08', 0)).toBe(at('2024-09-08T04:00:00Z'));
    expect(wallOf(at('2024-09-08T04:00:00Z'), 'America/Santiago').msOfDay).toBe(clock(1));
  });

  it('finds the window again after the clock jumps back into it', () => {
    // [00:30, 01:45) on the fall-back day; at 01:50 EDT the next valid instant is 01:00 EST.
    const found = firstInstantInWindow(
      'America/New_York',
      '2024-11-03',
      clock(0, 30),
      clock(1, 45),
      at('2024-11-03T05:50:00Z'),
    );
    expect(found).toBe(at('2024-11-03T06:00:00Z'));
  });

  it('returns null when the window does not exist that day', () => {
    // [02:00, 02:45) falls entirely inside the New York gap.
    const none = firstInstantInWindow('America/New_York', '2024-03-10', clock(2), clock(2, 45), -Infinity);
    expect(none).toBeNull();
  });
});
