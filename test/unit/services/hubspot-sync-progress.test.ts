import { describe, expect, it } from 'vitest';
import { progressOf } from '../../../src/services/crm/sync-progress';

const t0 = new Date('2026-03-02T14:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe('sync progress', () => {
  it('rate and ETA from the counters', () => {
    expect(progressOf({ done: 300, total: 1000, startedAt: t0, finishedAt: null }, at(10))).toEqual({
      done: 300,
      total: 1000,
      percent: 30,
      ratePerSecond: 30,
      etaSeconds: 24,
    });
  });

  it('unknown total or no elapsed time gives nulls; finished is ETA 0', () => {
    expect(progressOf({ done: 5, total: null, startedAt: t0, finishedAt: null }, t0)).toMatchObject({
      percent: null,
      ratePerSecond: null,
      etaSeconds: null,
    });
    expect(progressOf({ done: 0, total: 0, startedAt: null, finishedAt: null }, t0).percent).toBe(100);
    expect(progressOf({ done: 10, total: 10, startedAt: t0, finishedAt: at(5) }, at(60))).toMatchObject({
      ratePerSecond: 2,
      etaSeconds: 0,
    });
  });
});
