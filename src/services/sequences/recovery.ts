import { and, eq, lt, sql } from 'drizzle-orm';
import { lockEnrollment } from '../../db/queries/enrollments';
import { getVersion } from '../../db/queries/sequences';
import { enrollments, sends } from '../../db/schema';
import { enqueue } from '../../jobs/enqueue';
import type { AppDeps } from '../deps';
import { scheduleJob } from './schedule-step';

export type SweepReport = {
  requeued: number;
  resumesRequeued: number;
  markedUnknown: number;
  unknownTotal: number;
};

const noLiveJob = sql`not exists (
  select 1 from pgboss.job j
  where j.name = ${enrollments.jobName} and j.id::text = ${enrollments.jobId}
    and j.state in ('created', 'retry', 'active'))`;

/**
 * Queue loss is survivable (invariant 1): an active enrollment whose due step has no live job gets
 * a new one; a timed pause whose resume job is gone gets it back. Sends left `pending` by a dead
 * process are marked `unknown` and reported, never retried.
 */
export async function sweep(
  deps: AppDeps,
  options: { graceMs?: number; batch?: number } = {},
): Promise<SweepReport> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - (options.graceMs ?? 60_000));
  const batch = options.batch ?? 500;
  const lostSteps = await deps.db
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.status, 'active'), lt(enrollments.stepDueAt, cutoff), noLiveJob))
    .limit(batch);
  let requeued = 0;
  for (const { id } of lostSteps) {
    requeued += await deps.db.transaction(async (tx) => {
      const e = await lockEnrollment(tx, id);
      if (!e || e.status !== 'active' || !e.currentStepKey) return 0;
      const live = await tx.execute(
        sql`select 1 from pgboss.job where id::text = ${e.jobId} and state in ('created', 'retry', 'active')`,
      );
      if (live.rows.length > 0) return 0;
      const version = await getVersion(tx, e.sequenceVersionId);
      const step = version?.definition.steps.find((s) => s.key === e.currentStepKey);
      if (!version || !step) return 0;
      await scheduleJob(deps, tx, e, version, step, now, {
        type: 'requeued',
        reason: 'due step had no live job',
        actor: 'recovery_sweep',
        data: { lostJobId: e.jobId },
        nextCount: e.stepCount + 1,
      });
      return 1;
    });
  }
  const lostResumes = await deps.db
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.status, 'paused'), lt(enrollments.pausedUntil, cutoff), noLiveJob))
    .limit(batch);
  for (const { id } of lostResumes) {
    await deps.db.transaction(async (tx) => {
      const e = await lockEnrollment(tx, id);
      if (!e || e.status !== 'paused' || !e.pausedUntil) return;
      const jobId = crypto.randomUUID();
      await enqueue(
        deps.boss,
        tx,
        'sequence.resumePaused',
        { enrollmentId: e.id },
        { id: jobId, startAfter: now },
      );
      await tx
        .update(enrollments)
        .set({ jobId, jobName: 'sequence.resumePaused' })
        .where(eq(enrollments.id, e.id));
    });
  }
  const stale = await deps.db
    .update(sends)
    .set({ status: 'unknown', error: 'left pending by a process that died during SMTP' })
    .where(and(eq(sends.status, 'pending'), lt(sends.createdAt, new Date(now.getTime() - 15 * 60_000))))
    .returning({ id: sends.id });
  const [unknown] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(sends)
    .where(eq(sends.status, 'unknown'));
  const report = {
    requeued,
    resumesRequeued: lostResumes.length,
    markedUnknown: stale.length,
    unknownTotal: unknown?.n ?? 0,
  };
  if (report.requeued + report.resumesRequeued + report.markedUnknown > 0 || report.unknownTotal > 0) {
    deps.logger.warn('recovery sweep', report);
  }
  return report;
}
