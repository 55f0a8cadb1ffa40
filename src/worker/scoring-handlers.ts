import { jobCatalog } from '../jobs/catalog';
import type { AppDeps } from '../services/deps';
import { runScoreAction } from '../services/scoring/actions';
import { sweepDecay } from '../services/scoring/decay-sweep';
import { recomputeContact } from '../services/scoring/recompute';
import type { JobHandlers } from './start';

export function scoringHandlers(deps: AppDeps): JobHandlers {
  return {
    'scoring.recompute': async (payload) => {
      await recomputeContact(deps, { installationId: payload.installationId, contactId: payload.contactId });
    },
    'scoring.runAction': async (payload, job) => {
      // pg-boss counts retries from 0; the attempt that reaches the limit is the last one it makes.
      const lastAttempt = job.retryCount >= jobCatalog['scoring.runAction'].retryLimit;
      await runScoreAction(deps, payload.actionId, { lastAttempt });
    },
    'scoring.decaySweep': async () => {
      const result = await sweepDecay(deps);
      deps.logger.info('score decay sweep', result);
    },
  };
}
