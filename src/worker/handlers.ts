import { eq } from 'drizzle-orm';
import { lockEnrollment } from '../db/queries/enrollments';
import { enrollments } from '../db/schema';
import { holdIfDealInProgress, lockContactsForDeals } from '../services/crm/deal-hold';
import type { AppDeps } from '../services/deps';
import { runEmailSteps } from '../services/sequences/email-batch';
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
    // Half the SMTP pool per batch, so one batch is on the wire while the next one decides.
    'sequence.runEmail': {
      size: Math.max(1, Math.floor(deps.mailer.slots / 2)),
      batch: (payloads) => runEmailSteps(deps, payloads),
    },
    'sequence.runTask': step,
    'sequence.runWait': step,
    'sequence.runBranch': step,
    'sequence.runUpdateCrm': step,
    'sequence.resumePaused': async (payload, job) => {
      await deps.db.transaction(async (tx) => {
        // The deal lock comes before the enrollment lock, in the deal rules' order (no deadlock).
        const [peek] = await tx
          .select({ installationId: enrollments.installationId, contactId: enrollments.contactId })
          .from(enrollments)
          .where(eq(enrollments.id, payload.enrollmentId));
        if (!peek) return;
        await lockContactsForDeals(tx, peek.installationId, [peek.contactId]);
        const e = await lockEnrollment(tx, payload.enrollmentId);
        // Only the resume job the pause scheduled may resume it; a later manual pause replaced it.
        if (e?.status !== 'paused' || e.jobId !== job.id) return;
        const resumed = await resumeEnrollment(deps, tx, e.id, {
          actor: 'system',
          reason: `pause until ${e.pausedUntil?.toISOString()} ended`,
        });
        // An out-of-office that ends while a deal is in progress hands over to the deal's pause.
        if (resumed.ok) await holdIfDealInProgress(deps, tx, resumed.value);
      });
    },
    'sequence.sweep': async () => {
      await sweep(deps);
    },
  };
}
