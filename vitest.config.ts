import { defineConfig } from 'vitest/config';

// `TANDEM_CANARY=1 npm test` runs only the deliberately failing canaries (one per project): .ci/run
// checks that this run exits non-zero, so a green suite means a failing test could have turned it red.
const canary = process.env.TANDEM_CANARY === '1';

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          include: canary
            ? ['test/canary/unit.canary.ts']
            : ['test/unit/**/*.test.{ts,tsx}', 'src/**/*.test.ts', 'connectors/**/*.test.ts'],
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'integration',
          // Browser tests (test/e2e) need the same database and run with it.
          include: canary
            ? ['test/canary/integration.canary.ts']
            : ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/setup/global-db.ts'],
          env: { TZ: 'UTC' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file gets its own database cloned from a migrated template, so files run in parallel.
          fileParallelism: true,
        },
      },
    ],
  },
});
