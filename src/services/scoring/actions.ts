import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { getLiveEnrollment } from '../../db/queries/enrollments';
import { contacts, crmOutbox, scoreActions } from '../../db/schema';
import { type ThresholdAction, thresholdActionSchema } from '../../domain/scoring/model';
import { newId } from '../../lib/ids';
import { assertNever } from '../../lib/result';
import { checkLifecycleMove } from '../crm/lifecycle';
import type { AppDeps } from '../deps';
import { enrollInTx } from '../sequences/enroll';
import { exitEnrollment } from '../sequences/exit';
import type { ActionOutcome, ScoreActionRow } from './action-row';
import { thresholdLabel } from './models';
import { deliverWebhookAction } from './webhook';

export type { ActionOutcome, ScoreActionRow } from './action-row';

/** `done` with a note, or a refusal that no retry can fix (the action is marked failed). */
type Performed = { ok: true; note?: string } | { ok: false; error: string };

/**
 * The `scoring.runAction` job. Every action but the webhook writes inside one transaction that also
 * marks the row done, under its row lock: it happens exactly once. The webhook is an HTTP call and
 * is retried by pg-boss with backoff until the last attempt, which marks the row failed.
 */
export async function runScoreAction(
  deps: AppDeps,
  actionId: string,
  options: { lastAttempt: boolean },
): Promise<ActionOutcome> {
  const [row] = await deps.db.select().from(scoreActions).where(eq(scoreActions.id, actionId));
  if (row?.status !== 'pending') return 'skipped';
  const parsed = thresholdActionSchema.safeParse(row.action);
  if (!parsed.success) {
    await settle(deps.db, row.id, deps.clock.now(), { ok: false, error: 'stored action is not valid' });
    return 'failed';
  }
  if (parsed.data.type === 'webhook') return deliverWebhookAction(deps, row, parsed.data, options);
  const action = parsed.data;
  return deps.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(scoreActions).where(eq(scoreActions.id, row.id)).for('update');
    if (locked?.status !== 'pending') return 'skipped' as const;
    const performed = await perform(deps, tx, locked, action);
    await settle(tx, locked.id, deps.clock.now(), performed);
    deps.logger.info('score action settled', {
      actionId: locked.id,
      type: action.type,
      ...(performed.ok ? { note: performed.note } : { error: performed.error }),
    });
    return performed.ok ? ('done' as const) : ('failed' as const);
  });
}

async function perform(
  deps: AppDeps,
  tx: Queryable,
  row: ScoreActionRow,
  action: Exclude<ThresholdAction, { type: 'webhook' }>,
): Promise<Performed> {
  switch (action.type) {
    case 'crm_task': {
      const [contact] = await tx
        .select({ ownerId: contacts.ownerId, externalId: contacts.externalId })
        .from(contacts)
        .where(and(eq(contacts.installationId, row.installationId), eq(contacts.id, row.contactId)));
      const label = await thresholdLabel(tx, row);
      const now = deps.clock.now();
      return outbox(tx, row, 'task', {
        subject: action.subject,
        body: `Score ${row.score ?? '?'} crossed ${label} (${row.direction}).`,
        ownerId: contact?.ownerId ?? null,
        externalContactId: contact?.externalId ?? null,
        dueAt: new Date(now.getTime() + (action.dueInDays ?? 0) * 86_400_000).toISOString(),
      });
    }
    case 'set_lifecycle': {
      const move = await checkLifecycleMove(tx, { ...row, stage: action.stage });
      if (!move.write) return { ok: true, note: move.note };
      return outbox(tx, row, 'property_update', { property: 'lifecycle_stage', value: action.stage });
    }
    case 'set_lead_status':
      return outbox(tx, row, 'property_update', { property: 'lead_status', value: action.status });
    case 'enroll': {
      const result = await enrollInTx(deps, tx, {
        installationId: row.installationId,
        contactId: row.contactId,
        sequenceId: action.sequenceId,
        source: 'score',
        sourceRef: row.idempotencyKey,
        actor: 'scoring',
      });
      if (!result.ok) return { ok: false, error: `enroll refused: ${result.error.code}` };
      return {
        ok: true,
        note: result.value.alreadyEnrolled ? 'already enrolled' : `enrolled ${result.value.enrollment.id}`,
      };
    }
    case 'exit_sequence': {
      const live = await getLiveEnrollment(tx, {
        installationId: row.installationId,
        contactId: row.contactId,
        sequenceId: action.sequenceId,
      });
      if (!live) return { ok: true, note: 'no live enrollment' };
      const label = await thresholdLabel(tx, row);
      const exited = await exitEnrollment(
        deps,
        tx,
        live.id,
        { type: 'remove', reason: 'exit_rule' },
        {
          reason: `score ${row.direction === 'up' ? 'rose above' : 'fell below'} ${label}`,
          actor: 'scoring',
          data: { scoreActionId: row.id },
        },
      );
      return exited.ok
        ? { ok: true, note: `exited ${live.id}` }
        : { ok: true, note: `not exited: ${exited.error.code}` };
    }
    default:
      return assertNever(action);
  }
}

/** CRM writes wait in the connector outbox; the action's key makes the write happen once. */
async function outbox(
  tx: Queryable,
  row: ScoreActionRow,
  kind: 'task' | 'property_update',
  payload: Record<string, unknown>,
): Promise<Performed> {
  await tx
    .insert(crmOutbox)
    .values({
      id: newId('act'),
      installationId: row.installationId,
      contactId: row.contactId,
      kind,
      payload: { ...payload, source: 'scoring', scoreActionId: row.id },
      idempotencyKey: row.idempotencyKey,
      createdAt: row.createdAt,
    })
    .onConflictDoNothing({ target: crmOutbox.idempotencyKey });
  return { ok: true };
}

async function settle(db: Queryable, id: string, now: Date, performed: Performed): Promise<void> {
  await db
    .update(scoreActions)
    .set({
      status: performed.ok ? 'done' : 'failed',
      attempts: sql`${scoreActions.attempts} + 1`,
      lastError: performed.ok ? null : performed.error,
      doneAt: now,
    })
    .where(eq(scoreActions.id, id));
}
