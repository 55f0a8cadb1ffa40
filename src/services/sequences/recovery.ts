import { and, eq, inArray, lt, sql } from 'drizzle-orm';
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

// By (name, id), pg-boss's primary key: one index probe per row, whatever the size of the queue.
const noLiveJob = sql`not exists (
  select 1 from pgboss.job j
  where j.name = ${enrollments.jobName} and j.id = ${enrollments.jobId}::uuid
    and j.state in ('created', 'retry', 'active'))`;

type SweepOptions = {
  /** How long past due before a missing job counts as lost. */
  graceMs?: number;
  /** Rows per page (one keyset query each). */
  batch?: number;
  /** Rows handled per kind in one pass; the rest waits for the next minute's sweep. */
  limit?: number;
};

/** Where a page ended: the text form of the timestamp keeps its microseconds, a Date would not. */
type Cursor = { at: string; id: string };

/**
 * One page of overdue enrollments with no live job, after `after` in (due, id) order. Keyset paging
 * on the partial indexes of `status = 'active'` / `'paused'`: a page reads its rows and no more,
 * however many enrollments are done or due later.
 */
async function overduePage(
  db: Queryable,
  kind: 'step' | 'resume',
  cutoff: Date,
  after: Cursor | null,
  batch: number,
): Promise<Cursor[]> {
  const due = kind === 'step' ? enrollments.stepDueAt : enrollments.pausedUntil;
  const status =
    kind === 'step' ? sql`${enrollments.status} = 'active'` : sql`${enrollments.status} = 'paused'`;
  const rows = await db
    .select({ id: enrollments.id, at: sql<string>`${due}::text` })
    .from(enrollments)
    .where(
      and(
        status,
        lt(due, cutoff),
        after ? sql`(${due}, ${enrollments.id}) > (${after.at}::timestamptz, ${after.id})` : undefined,
        noLiveJob,
      ),
    )
    .orderBy(due, enrollments.id)
    .limit(batch);
  return rows;
}

/** Calls `each` for every overdue enrollment of `kind` with no live job, page by page, up to `limit`. */
async function forEachOverdue(
  db: Queryable,
  kind: 'step' | 'resume',
  cutoff: Date,
  sizes: { batch: number; limit: number },
  each: (id: string) => Promise<void>,
): Promise<number> {
  let after: Cursor | null = null;
  let seen = 0;
  while (seen < sizes.limit) {
    const page = await overduePage(db, kind, cutoff, after, Math.min(sizes.batch, sizes.limit - seen));
    for (const row of page) await each(row.id);
    seen += page.length;
    after = page.at(-1) ?? null;
    if (!after || page.length < sizes.batch) break;
  }
  return seen;
}

/**
 * Queue loss is survivable (invariant 1): an active enrollment whose due step has no live job gets
 * a new one; a timed pause whose resume job is gone gets it back. Sends left `pending` by a dead
 * process are marked `unknown` and reported, never retried.
 */
export async function sweep(deps: AppDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - (options.graceMs ?? 60_000));
  const sizes = { batch: options.batch ?? 500, limit: options.limit ?? 10_000 };
  let requeued = 0;
  let exhausted = 0;
  await forEachOverdue(deps.db, 'step', cutoff, sizes, async (id) => {
    const outcome = await requeueStep(deps, id, now);
    if (outcome === 'requeued') requeued++;
    if (outcome === 'exhausted') exhausted++;
  });
  const resumesRequeued = await forEachOverdue(deps.db, 'resume', cutoff, sizes, (id) =>
    requeueResume(deps, id, now),
  );
  const markedUnknown = await markStaleSends(deps, new Date(now.getTime() - 15 * 60_000), sizes);
  const [unknown] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(sends)
    .where(eq(sends.status, 'unknown'));
  const report = { requeued, exhausted, resumesRequeued, markedUnknown, unknownTotal: unknown?.n ?? 0 };
  if (
    report.requeued + report.exhausted + report.resumesRequeued + report.markedUnknown > 0 ||
    report.unknownTotal > 0
  ) {
    deps.logger.warn('recovery sweep', report);
  }
  return report;
}

/** Re-checks under the row lock, then re-queues the step, or fails it once re-queues are used up. */
async function requeueStep(deps: AppDeps, id: string, now: Date): Promise<'none' | 'requeued' | 'exhausted'> {
  return deps.db.transaction(async (tx) => {
    const e = await lockEnrollment(tx, id);
    if (e?.status !== 'active' || !e.currentStepKey) return 'none';
    const lost = await lostJob(tx, e.jobName, e.jobId);
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
}

async function requeueResume(deps: AppDeps, id: string, now: Date): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const e = await lockEnrollment(tx, id);
    if (e?.status !== 'paused' || !e.pausedUntil) return;
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

/** Pending sends older than `before` become `unknown`, a page per statement (oldest first). */
async function markStaleSends(
  deps: AppDeps,
  before: Date,
  sizes: { batch: number; limit: number },
): Promise<number> {
  let marked = 0;
  while (marked < sizes.limit) {
    const page = deps.db
      .select({ id: sends.id })
      .from(sends)
      .where(and(eq(sends.status, 'pending'), lt(sends.createdAt, before)))
      .orderBy(sends.createdAt, sends.id)
      .limit(Math.min(sizes.batch, sizes.limit - marked));
    // A marked row leaves `pending`, so the next page starts where this one ended.
    const rows = await deps.db
      .update(sends)
      .set({ status: 'unknown', error: 'left pending by a process that died during SMTP' })
      .where(inArray(sends.id, page))
      .returning({ id: sends.id });
    marked += rows.length;
    if (rows.length < sizes.batch) break;
  }
  return marked;
}

/** The enrollment's last job: still live, or how it ended (pg-boss keeps the handler's error as output). */
async function lostJob(
  tx: Queryable,
  name: string | null,
  jobId: string | null,
): Promise<{ live: boolean; state: string; error: string | null } | null> {
  if (!jobId || !name) return null;
  const { rows } = await tx.execute<{ state: string; error: string | null }>(
    sql`select state::text as state, output->>'message' as error from pgboss.job
        where name = ${name} and id = ${jobId}::uuid`,
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
