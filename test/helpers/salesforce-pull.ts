import { salesforceTransport } from '../../src/services/salesforce/connector';
import { incrementalJob, type SyncRunOptions } from '../../src/services/salesforce/sync';
import type { TestContext } from './context';

const MIN = 60_000;

/** Sync options whose retry sleeps move the test clock, and a pull five minutes on. */
export function clockedPulls(ctx: TestContext) {
  const options = (id: string): SyncRunOptions => ({
    transport: salesforceTransport(ctx.deps, id, { sleep: async (ms) => void ctx.clock.advance(ms) }),
  });
  const pull = async (id: string) => {
    ctx.clock.advance(5 * MIN);
    return incrementalJob(ctx.deps, id, options(id));
  };
  return { options, pull };
}
