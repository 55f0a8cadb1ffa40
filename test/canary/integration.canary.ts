import { expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database';

// Run by .ci/run with the integration project (global setup, embedded Postgres and all): it must fail.
it('canary: a failing integration test fails the run', async () => {
  const db = await createTestDatabase();
  await db.drop();
  expect(1).toBe(2);
});
