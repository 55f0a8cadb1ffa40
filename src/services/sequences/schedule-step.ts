import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { appendEvents, type EnrollmentRow, type NewEvent } from '../../db/queries/enrollments';
import type { VersionRow } from '../../db/queries/sequences';
import type { PublishedStep } from '../../domain/sequences/definition';
import type { JobName } from '../../jobs/catalog';
import { enqueueMany } from '../../jobs/enqueue';
import type { AppDeps } from '../deps';
import { endEnrollments } from './exit';
import { planSteps } from './plan-step';
import { queueForStep } from './step-queue';

export type Move = {
  enrollment: EnrollmentRow;
  version: VersionRow;
  /** The step to enter; null completes the enrollment. */
  stepKey: string | null;
  /** When the previous step happened (or the enrollment started): delays count from here. */
  previousAt: Date;
  reason: string;
  actor: string;
};

/**
 * Moves an enrollment onto a step (or to completed) and enqueues the step's job in the same
 * transaction (invariant 1). The caller holds the row lock.
 */
export async function enterStep(deps: AppDeps, tx: Queryable, move: Move): Promise<EnrollmentRow> {
  const [row] = await enterSteps(deps, tx, [move]);
  return row!;
}

/**
 * The same for a batch, set-based: one read for the plans, one insert of jobs per queue, one update,
 * one insert of events. `before` are events of the same batch that come first in each story (the
 * send that led to the move). Rows come back in the order of `moves`.
 */
export async function enterSteps(
  deps: AppDeps,
  tx: Queryable,
  moves: readonly Move[],
  before: readonly NewEvent[] = [],
): Promise<EnrollmentRow[]> {
  const now = deps.clock.now();
  const onward = moves.flatMap((move) => {
    if (move.stepKey === null) return [];
    const step = move.version.definition.steps.find((s) => s.key === move.stepKey);
    if (!step) throw new Error(`Version ${move.version.id} has no step ${move.stepKey}`);
    return [{ move, step }];
  });
  const plans = await planSteps(
    deps,
    tx,
    onward.map(({ move, step }) => ({
      enrollment: move.enrollment,
      version: move.version,
      step,
      previousAt: move.previousAt,
      now,
    })),
  );
  const scheduled = await scheduleJobs(
    deps,
    tx,
    onward.map(({ move, step }, i) => {
      const plan = plans[i]!;
      return {
        e: move.enrollment,
        version: move.version,
        step,
        at: plan.at,
        event: {
          type: 'step_scheduled',
          reason: move.reason,
          actor: move.actor,
          data: {
            dueAt: plan.at.toISOString(),
            zone: plan.zone,
            zoneSource: plan.zoneSource,
            reasons: plan.reasons,
          },
          nextCount: move.enrollment.stepCount + 1,
        },
      };
    }),
  );
  // The job that got here is the one running: nothing is pending to cancel.
  const ended = await endEnrollments(
    deps,
    tx,
    moves
      .filter((m) => m.stepKey === null)
      .map((m) => ({
        e: m.enrollment,
        status: 'completed' as const,
        event: { type: 'completed', reason: 'completed', data: { after: m.reason }, actor: m.actor },
      })),
  );
  await appendEvents(tx, [...before, ...scheduled.events, ...ended.events]);
  const byId = new Map([...scheduled.rows, ...ended.rows].map((r) => [r.id, r]));
  return moves.map((m) => byId.get(m.enrollment.id)!);
}

type StepEvent = {
  type: string;
  reason: string;
  actor: string;
  data: Record<string, unknown>;
  nextCount: number;
};

/** Enqueues the job for `step` at `at` and records it on the enrollment, with an event. */
export async function scheduleJob(
  deps: AppDeps,
  tx: Queryable,
  e: EnrollmentRow,
  version: VersionRow,
  step: PublishedStep,
  at: Date,
  event: StepEvent,
): Promise<EnrollmentRow> {
  const { rows, events } = await scheduleJobs(deps, tx, [{ e, version, step, at, event }]);
  await appendEvents(tx, events);
  return rows[0]!;
}

type Scheduling = { e: EnrollmentRow; version: VersionRow; step: PublishedStep; at: Date; event: StepEvent };

/**
 * The same for a batch: the jobs in one insert per queue, the enrollments in one update, and their
 * events handed back for the caller to append with its own.
 */
export async function scheduleJobs(
  deps: AppDeps,
  tx: Queryable,
  items: readonly Scheduling[],
): Promise<{ rows: EnrollmentRow[]; events: NewEvent[] }> {
  if (items.length === 0) return { rows: [], events: [] };
  const now = deps.clock.now();
  const planned = items.map((item) => ({
    ...item,
    jobId: crypto.randomUUID(),
    jobName: queueForStep(item.step.kind),
  }));
  const byQueue = new Map<JobName, typeof planned>();
  for (const p of planned) byQueue.set(p.jobName, [...(byQueue.get(p.jobName) ?? []), p]);
  for (const [name, jobs] of byQueue) {
    await enqueueMany(
      deps.boss,
      tx,
      name,
      jobs.map((p) => ({
        id: p.jobId,
        startAfter: p.at,
        payload: {
          enrollmentId: p.e.id,
          stepKey: p.step.key,
          versionId: p.version.id,
          stepCount: p.event.nextCount,
        },
      })),
    );
  }
  const col = <T>(f: (p: (typeof planned)[number]) => T) => planned.map(f);
  await tx.execute(sql`
    update enrollments as en set status = 'active', pause_reason = null, paused_until = null,
      current_step_key = v.step_key, step_due_at = v.due_at, job_id = v.job_id, job_name = v.job_name,
      step_count = v.step_count, updated_at = ${now.toISOString()}::timestamptz
    from unnest(${sql.param(col((p) => p.e.id))}::text[], ${sql.param(col((p) => p.step.key))}::text[],
      ${sql.param(col((p) => p.at.toISOString()))}::timestamptz[], ${sql.param(col((p) => p.jobId))}::text[],
      ${sql.param(col((p) => p.jobName))}::text[], ${sql.param(col((p) => p.event.nextCount))}::int[])
      as v(id, step_key, due_at, job_id, job_name, step_count)
    where en.id = v.id`);
  const rows = planned.map(
    (p): EnrollmentRow => ({
      ...p.e,
      status: 'active',
      pauseReason: null,
      pausedUntil: null,
      currentStepKey: p.step.key,
      stepDueAt: p.at,
      jobId: p.jobId,
      jobName: p.jobName,
      stepCount: p.event.nextCount,
      updatedAt: now,
    }),
  );
  const events = planned.map(
    (p): NewEvent => ({
      installationId: p.e.installationId,
      enrollmentId: p.e.id,
      type: p.event.type,
      from: p.e.status,
      to: 'active',
      stepKey: p.step.key,
      reason: p.event.reason,
      actor: p.event.actor,
      data: p.event.data,
      at: now,
    }),
  );
  return { rows, events };
}
