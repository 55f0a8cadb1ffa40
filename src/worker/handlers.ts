import { lockEnrollment } from '../db/queries/enrollments';
import type { AppDeps } from '../services/deps';
import { resumeEnrollment } from '../services/sequences/pause';
import { sweep } from '../services/sequences/recovery';
import { runStep } from '../services/sequences/run-step';
import { crmHandlers } from './crm-handlers';
import { scoringHandlers } from './scoring-handlers';
import type { JobHandlers } from './start';

export function createHandlers(deps: AppDeps): JobHandlers {
  const step = async (payload: Parameters<typeof runStep>[1]) => {
    await runStep(deps, payload);
  };
  return {
    ...scoringHandlers(deps),
    ...crmHandlers(deps),
    'sequence.runEmail': step,
    'sequence.runTask': step,
    'sequence.runWait': step,
    'sequence.runBranch': step,
    'sequence.runUpdateCrm': step,
    'sequence.resumePaused': async (payload, job) => {
      await deps.db.transaction(async (tx) => {
        const e = await lockEnrollment(tx, payload.enrollmentId);
        // Only the resume job the pause scheduled may resume it; a later manual pause replaced it.
        if (!e || e.status !== 'paused' || e.jobId !== job.id) return;
        await resumeEnrollment(deps, tx, e.id, {
          actor: 'system',
          reason: `pause until ${e.pausedUntil?.toISOString()} ended`,
        });
      });
    },
    'sequence.sweep': async () => {
      await sweep(deps);
    },
  };
}
