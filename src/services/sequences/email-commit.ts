import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import {
  appendEvents,
  type EnrollmentRow,
  lockEnrollments,
  type NewEvent,
} from '../../db/queries/enrollments';
import { sends } from '../../db/schema';
import { nextKey } from '../../domain/sequences/definition';
import type { SendOutcome } from '../../mail/transport';
import { queueSendTimelines } from '../crm/send-timeline';
import type { AppDeps } from '../deps';
import { type Decided, gatedScheduling, gateSteps } from './email-decide';
import { enterSteps, type Move, scheduleJobs } from './schedule-step';
import { type Current, currentOf, type StepOutcome } from './step-lock';

/** One job's end: its outcome, or the error that makes pg-boss retry it. */
export type StepResult = { ok: true; outcome: StepOutcome } | { ok: false; error: unknown };

/** The window closed between the gate's yes and the hand-off: never sent, asked again. */
type Late = { status: 'late' };
export type Answered = Extract<Decided, { kind: 'deliver' }> & {
  i: number;
  result: SendOutcome | Late;
  /** When the server answered: a sent mail's `sent_at`. */
  answeredAt: Date;
};

/** Marks accepted sends `sent`, with their timeline entries; their events come back. Locks held. */
async function markSentEvents(
  deps: AppDeps,
  tx: Queryable,
  items: readonly Answered[],
  locked: ReadonlyMap<string, EnrollmentRow>,
): Promise<NewEvent[]> {
  if (items.length === 0) return [];
  const now = deps.clock.now();
  const bySend = new Map(items.map((a) => [a.mail.sendId, a]));
  const ids = [...bySend.keys()];
  // Each send's time is its server's answer, not this commit's.
  const { rows: marked } = await tx.execute<{
    id: string;
    enrollmentId: string;
    stepKey: string;
    installationId: string;
  }>(sql`
    update sends as s set status = 'sent', sent_at = v.at, error = null
    from unnest(${sql.param(ids)}::text[],
      ${sql.param(ids.map((id) => bySend.get(id)!.answeredAt.toISOString()))}::timestamptz[]) as v(id, at)
    -- unknown too: a duplicate attempt may have marked it while this one was on the wire.
    where s.id = v.id and s.status in ('pending', 'unknown')
    returning s.id, s.enrollment_id as "enrollmentId", s.step_key as "stepKey", s.installation_id as "installationId"`);
  await queueSendTimelines(
    tx,
    marked.map((m) => m.id),
    now,
  );
  return marked.map((m): NewEvent => {
    const a = bySend.get(m.id)!;
    // No transition: the event records the send, with the status as it stands.
    const status = locked.get(m.enrollmentId)?.status ?? 'active';
    const response = a.result.status === 'sent' ? a.result.response : '';
    return {
      installationId: m.installationId,
      enrollmentId: m.enrollmentId,
      type: 'email_sent',
      from: status,
      to: status,
      stepKey: m.stepKey,
      reason: 'accepted by SMTP server',
      actor: 'smtp',
      data: { sendId: m.id, messageId: a.mail.messageId, response: response.slice(0, 500) },
      at: now,
    };
  });
}

/** When the batch's commit failed: at least the sends, so a retried job knows they left. */
export async function markSent(deps: AppDeps, tx: Queryable, items: readonly Answered[]): Promise<void> {
  // Enrollments before sends, the order a merge locks them in.
  const locked = new Map(
    (
      await lockEnrollments(
        tx,
        items.map((a) => a.current.e.id),
      )
    ).map((e) => [e.id, e]),
  );
  await appendEvents(tx, await markSentEvents(deps, tx, items, locked));
}

/** The accepted sends, their events and next steps, and the late ones re-planned: one commit. */
export async function commitBatch(
  deps: AppDeps,
  tx: Queryable,
  batch: readonly Answered[],
): Promise<StepResult[]> {
  const now = deps.clock.now();
  const locked = new Map(
    (
      await lockEnrollments(
        tx,
        batch.map((a) => a.current.e.id),
      )
    ).map((e) => [e.id, e]),
  );
  const sent = batch.filter((a) => a.result.status === 'sent');
  const late = batch.filter((a) => a.result.status === 'late');
  const sentEvents = await markSentEvents(deps, tx, sent, locked);
  const moves: Move[] = [];
  const results = batch.map((): StepResult => ({ ok: true, outcome: 'sent' }));
  const lateNow: Array<{ k: number; current: Current }> = [];
  for (const [k, a] of batch.entries()) {
    const e = locked.get(a.current.e.id);
    const payload = {
      enrollmentId: a.current.e.id,
      stepKey: a.current.step.key,
      versionId: a.current.version.id,
      stepCount: a.current.e.stepCount,
    };
    const current = await currentOf(tx, e, payload);
    if (a.result.status === 'late') {
      if (current) lateNow.push({ k, current });
      else results[k] = { ok: true, outcome: 'stale' };
      continue;
    }
    // Exited meanwhile (a reply, say): the send stands, nothing moves.
    if (!current) continue;
    const stepKey = nextKey(current.version.definition.steps, current.step.key);
    moves.push({
      enrollment: current.e,
      version: current.version,
      stepKey,
      previousAt: now,
      reason: `after ${current.step.key}`,
      actor: 'system',
    });
  }
  // Never handed to SMTP, so provably not sent: the row goes and the gate places the step again.
  if (late.length > 0) {
    await tx.delete(sends).where(
      and(
        inArray(
          sends.id,
          late.map((a) => a.mail.sendId),
        ),
        eq(sends.status, 'pending'),
      ),
    );
  }
  const gates = await gateSteps(deps, tx, lateNow, now);
  const gated: Parameters<typeof scheduleJobs>[2][number][] = [];
  for (const [n, { k, current }] of lateNow.entries()) {
    const gate = gates[n]!;
    if (gate.allowed) {
      // The clock says the window is open again (it moved): the retried job sends.
      results[k] = { ok: false, error: new Error('send window check disagreed; retrying') };
      continue;
    }
    gated.push(gatedScheduling(current, gate));
    results[k] = { ok: true, outcome: 'rescheduled' };
  }
  const scheduled = await scheduleJobs(deps, tx, gated);
  await enterSteps(deps, tx, moves, [...sentEvents, ...scheduled.events]);
  return results;
}
