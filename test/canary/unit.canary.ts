import { expect, it } from 'vitest';

// Run by .ci/run with the unit project: it must fail, or a failing test cannot fail the suite.
it('canary: a failing unit test fails the run', () => {
  expect(1).toBe(2);
});
