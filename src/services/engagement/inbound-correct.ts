import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { lockEnrollment } from '../../db/queries/enrollments';
import { getVersion } from '../../db/queries/sequences';
import { enrollmentEvents, enrollments, inboundCorrections, inboundMessages } from '../../db/schema';
import { classifyInbound } from '../../domain/inbound/classify';
import { INBOUND_KINDS, type InboundKind } from '../../domain/inbound/types';
import { newId } from '../../lib/ids';
import { err, ok, type Result } from '../../lib/result';
import { parseInbound } from '../../mail/parse-inbound';
import type { AppDeps } from '../deps';
import { planStep } from '../sequences/plan-step';
import { scheduleJob } from '../sequences/schedule-step';
import { applyInbound } from './inbound-actions';
import { matchInbound } from './inbound-match';

export type InboundCorrection = typeof inboundCorrections.$inferSelect;
export type CorrectError = { code: 'not_found' } | { code: 'same_kind' } | { code: 'invalid_kind' };

export function isInboundKind(k: string): k is InboundKind {
  return (INBOUND_KINDS as readonly string[]).includes(k);
}

/**
 * Re-opens an enrollment this mail's reply exit ended, when that exit is still its latest state: a
 * correction says the exit should never have happened. Not an exit, so it does not go through the
 * exit path; it reschedules the current step the way a resume does and appends a `resumed` event.
 */
async function undoReplyExit(
  deps: AppDeps,
  tx: Queryable,
  enrollmentId: string,
  inboundId: string,
  actor: string,
) {
  const e = await lockEnrollment(tx, enrollmentId);
  if (!e || e.status !== 'replied') return false;
  const [last] = await tx
    .select()
    .from(enrollmentEvents)
    .where(eq(enrollmentEvents.enrollmentId, e.id))
    .orderBy(desc(enrollmentEvents.id))
    .limit(1);
  const data = (last?.data ?? {}) as Record<string, unknown>;
  if (!last || last.type !== 'exited' || last.toStatus !== 'replied' || data.inboundId !== inboundId)
    return false;
  const version = await getVersion(tx, e.sequenceVersionId);
  // The exit cleared the current step; its event kept the step the enrollment was on.
  const step = version?.definition.steps.find((s) => s.key === last.stepKey);
  if (!version || !step) return false;
  const now = deps.clock.now();
  const from = e.stepDueAt && e.stepDueAt > now ? e.stepDueAt : now;
  const plan = await planStep(deps, tx, {
    enrollment: e,
    version,
    step,
    previousAt: from,
    now,
    delay: { amount: 0, unit: 'minutes' },
  });
  await scheduleJob(deps, tx, e, version, step, plan.at, {
    type: 'resumed',
    reason: 'inbound_corrected',
    actor,
    data: { inboundId, dueAt: plan.at.toISOString(), undid: 'replied' },
    nextCount: e.stepCount + 1,
  });
  await tx.update(enrollments).set({ endedAt: null, exitReason: null }).where(eq(enrollments.id, e.id));
  return true;
}

/**
 * A person's correction of an inbound mail's class, in one transaction: the labelled example, the
 * message's new kind, and the action re-applied (e.g. an OOO that was a reply exits as replied) or
 * undone (a reply that was an auto-reply resumes the enrollment, then pauses it until the OOO date).
 */
export async function correctInbound(
  deps: AppDeps,
  input: { installationId: string; inboundId: string; kind: string; actor: string; note?: string | null },
): Promise<Result<InboundCorrection, CorrectError>> {
  if (!isInboundKind(input.kind)) return err({ code: 'invalid_kind' });
  const kind = input.kind;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(inboundMessages)
      .where(
        and(
          eq(inboundMessages.installationId, input.installationId),
          eq(inboundMessages.id, input.inboundId),
        ),
      )
      .for('update');
    if (!row) return err({ code: 'not_found' as const });
    if (row.kind === kind) return err({ code: 'same_kind' as const });
    const effects: string[] = [];
    // Undo first: the reply exits this mail caused, when nothing happened to the enrollment since.
    if (row.kind === 'human_reply' && row.enrollmentId) {
      if (await undoReplyExit(deps, tx, row.enrollmentId, row.id, input.actor)) effects.push('resumed');
    }
    const msg = await parseInbound(row.raw);
    const classification = { ...classifyInbound(msg, row.receivedAt), kind };
    const match = await matchInbound(tx, deps.config.ENCRYPTION_KEY ?? '', {
      installationId: input.installationId,
      msg,
      classification,
      recipients: [],
    });
    let action = row.action;
    if (match) {
      const outcome = await applyInbound(deps, tx, {
        inboundId: row.id,
        installationId: input.installationId,
        msg,
        classification,
        match,
      });
      action = outcome.action;
      effects.push(outcome.action);
    }
    await tx
      .update(inboundMessages)
      .set({ kind, action, status: match ? 'processed' : row.status })
      .where(eq(inboundMessages.id, row.id));
    const [correction] = await tx
      .insert(inboundCorrections)
      .values({
        id: newId('cor'),
        installationId: input.installationId,
        inboundId: row.id,
        previousKind: row.kind,
        kind,
        actor: input.actor,
        note: input.note?.trim() || null,
        effect: effects.join(', ') || 'none',
        createdAt: deps.clock.now(),
      })
      .returning();
    return ok(correction!);
  });
}

/** The corrections of an installation (labelled examples), newest first; one message's with `inboundId`. */
export async function listCorrections(db: Queryable, params: { installationId: string; inboundId?: string }) {
  return db
    .select()
    .from(inboundCorrections)
    .where(
      and(
        eq(inboundCorrections.installationId, params.installationId),
        params.inboundId ? eq(inboundCorrections.inboundId, params.inboundId) : undefined,
      ),
    )
    .orderBy(desc(inboundCorrections.createdAt), desc(inboundCorrections.id));
}
