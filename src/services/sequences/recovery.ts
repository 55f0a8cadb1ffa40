import { and, eq, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { type EnrollmentRow, lockEnrollment } from '../../db/queries/enrollments';
import { getVersion } from '../../db/queries/sequences';
import { enrollments, sends } from '../../db/schema';
import { enqueue } from '../../jobs/enqueue';
import type { AppDeps } from '../deps';
import { exitEnrollment } from './exit';
import { scheduleJob } from './schedule-step';

/** Re-queues of one step after its job gave up (a relay answering 4xx forever) before the step fails. */
export const MAX_REQUEUES = 5;

export type SweepReport = {
  requeued: number;
  /** Enrollments failed with `retries_exhausted` in this sweep. */
  exhausted: number;
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
  let exhausted = 0;
  for (const { id } of lostSteps) {
    const outcome = await deps.db.transaction(async (tx) => {
      const e = await lockEnrollment(tx, id);
      if (!e || e.status !== 'active' || !e.currentStepKey) return 'none';
      const lost = await lostJob(tx, e.jobId);
      if (lost?.live) return 'none';
      const version = await getVersion(tx, e.sequenceVersionId);
      const step = version?.definition.steps.find((s) => s.key === e.currentStepKey);
      if (!version || !step) return 'none';
      const attempts = await requeuesOfStep(tx, e);
      const facts = { lostJobId: e.jobId, jobState: lost?.state ?? 'gone', lastError: lost?.error ?? null };
      if (attempts >= MAX_REQUEUES) {
        await exitEnrollment(
          deps,
          tx,
          e.id,
          { type: 'fail' },
          {
            reason: 'retries_exhausted',
            actor: 'recovery_sweep',
            data: { stepKey: e.currentStepKey, requeues: attempts, ...facts },
          },
        );
        deps.logger.error('step failed after repeated retries', {
          code: 'retries_exhausted',
          enrollmentId: e.id,
          stepKey: e.currentStepKey,
          requeues: attempts,
          lastError: facts.lastError,
        });
        return 'exhausted';
      }
      await scheduleJob(deps, tx, e, version, step, now, {
        type: 'requeued',
        reason: 'due step had no live job',
        actor: 'recovery_sweep',
        data: { ...facts, requeue: attempts + 1 },
        nextCount: e.stepCount + 1,
      });
      return 'requeued';
    });
    if (outcome === 'requeued') requeued++;
    if (outcome === 'exhausted') exhausted++;
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
    exhausted,
    resumesRequeued: lostResumes.length,
    markedUnknown: stale.length,
    unknownTotal: unknown?.n ?? 0,
  };
  if (
    report.requeued + report.exhausted + report.resumesRequeued + report.markedUnknown > 0 ||
    report.unknownTotal > 0
  ) {
    deps.logger.warn('recovery sweep', report);
  }
  return report;
}

/** The enrollment's last job: still live, or how it ended (pg-boss keeps the handler's error as output). */
async function lostJob(
  tx: Queryable,
  jobId: string | null,
): Promise<{ live: boolean; state: string; error: string | null } | null> {
  if (!jobId) return null;
  const { rows } = await tx.execute<{ state: string; error: string | null }>(
    sql`select state::text as state, output->>'message' as error from pgboss.job where id::text = ${jobId}`,
  );
  const row = rows[0];
  if (!row) return null;
  return { live: ['created', 'retry', 'active'].includes(row.state), ...row };
}

/** How often the sweep re-queued the current step since the step was last entered. */
async function requeuesOfStep(tx: Queryable, e: EnrollmentRow): Promise<number> {
  const { rows } = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from enrollment_events
    where enrollment_id = ${e.id} and step_key = ${e.currentStepKey} and type = 'requeued'
      and id > coalesce((select max(id) from enrollment_events
        where enrollment_id = ${e.id} and step_key = ${e.currentStepKey} and type = 'step_scheduled'), 0)`);
  return rows[0]?.n ?? 0;
}
