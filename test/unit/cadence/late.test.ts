import { describe, expect, it } from 'vitest';
import { lateReason } from '../../../src/domain/cadence/late';

const PARIS = 'Europe/Paris';
const window = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
// Thursday 2026-12-03 16:59 in Paris (UTC+1), due; the next slot is Friday 09:00:12.
const plannedAt = new Date('2026-12-03T15:59:00Z');
const next = new Date('2026-12-04T08:00:12Z');

const late = (now: string, at = plannedAt) =>
  lateReason({ plannedAt: at, now: new Date(now), zone: PARIS, window, next });

describe('lateReason', () => {
  it('a job that ran after the window it was planned in closed is late, with the times', () => {
    expect(late('2026-12-03T16:00:03Z')).toEqual({
      code: 'late',
      detail:
        'due 2026-12-03 16:59 Europe/Paris, ran at 17:00:03, after the 09:00-17:00 window closed; ' +
        'next slot 2026-12-04T09:00:12+01:00',
    });
  });

  it('names the date it ran when that is another day', () => {
    expect(late('2026-12-04T07:00:00Z')?.detail).toContain('ran at 2026-12-04 08:00,');
  });

  it('is not late while the window is still open, or before it was due', () => {
    expect(late('2026-12-03T15:59:59Z')).toBeNull();
    expect(late('2026-12-03T15:58:00Z')).toBeNull();
  });

  it('a step planned outside the window is not late: the window rule is the reason', () => {
    expect(late('2026-12-03T16:00:03Z', new Date('2026-12-03T07:00:00Z'))).toBeNull();
  });
});
