import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowance } from '../../../../connectors/salesforce/budget';

describe('allowance', () => {
  it('takes a share of the allocation, and of the room the org leaves near its limit', () => {
    expect(allowance({ used: 0, max: 15_000, ours24h: 0, share: 0.25 })).toBe(3_750);
    expect(allowance({ used: 1_000, max: 15_000, ours24h: 1_000, share: 0.25 })).toBe(2_750);
    // 95% spent by the org's own users: a quarter of the 750 left, less what we took.
    expect(allowance({ used: 14_250, max: 15_000, ours24h: 0, share: 0.25 })).toBe(187);
    expect(allowance({ used: 14_350, max: 15_000, ours24h: 100, share: 0.25 })).toBe(87);
    expect(allowance({ used: 15_000, max: 15_000, ours24h: 0, share: 0.25 })).toBe(0);
  });

  it('never lets our calls take the org to its limit, whatever the others do', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 100_000 }),
        (max, share, othersRaw) => {
          const others = othersRaw % (max + 1);
          // Spend the allowance one call at a time, as the drain does.
          let ours = 0;
          while (allowance({ used: others + ours, max, ours24h: ours, share }) > 0) ours += 1;
          expect(ours).toBeLessThanOrEqual(Math.floor(share * max));
          expect(ours).toBeLessThanOrEqual(Math.floor(share * (max - others)));
          if (share < 1 && others < max) expect(others + ours).toBeLessThan(max);
        },
      ),
      { numRuns: 300 },
    );
  });
});
