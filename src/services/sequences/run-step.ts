import type { Queryable } from '../../db/client';
import { appendEvent, type EnrollmentRow } from '../../db/queries/enrollments';
import { getVersion } from '../../db/queries/sequences';
import { crmOutbox } from '../../db/schema';
import { evaluateCondition } from '../../domain/sequences/conditions';
import { nextKey } from '../../domain/sequences/definition';
import { newId } from '../../lib/ids';
import { assertNever } from '../../lib/result';
import type { AppDeps } from '../deps';
import { loadBranchInput } from './branch-input';
import { gateContact } from './contact-gate';
import { runEmailSteps } from './email-batch';
import { enterStep } from './schedule-step';
import { lockIfCurrent, type StepOutcome, type StepPayload } from './step-lock';

export type { StepOutcome, StepPayload } from './step-lock';

/** The handler of every step queue. Stale jobs (exited, moved on, paused) do nothing. */
export async function runStep(deps: AppDeps, payload: StepPayload): Promise<StepOutcome> {
  const version = await getVersion(deps.db, payload.versionId);
  const kind = version?.definition.steps.find((s) => s.key === payload.stepKey)?.kind;
  if (kind !== 'email') return (await decideStep(deps, payload)).outcome;
  // Email steps run in batches (the worker hands whole batches to runEmailSteps); this is one.
  const [result] = await runEmailSteps(deps, [payload]);
  if (!result?.ok) throw result?.error ?? new Error('email step gave no result');
  return result.outcome;
}

/** Under the enrollment lock: do the step, or for an email write the pending send and hand it back. */
async function decideStep(deps: AppDeps, payload: StepPayload) {
  return deps.db.transaction(async (tx) => {
    const current = await lockIfCurrent(tx, payload);
    if (!current) return { outcome: 'stale' as const };
    const { e, version, step } = current;
    const now = deps.clock.now();
    const advance = async (branchTaken?: boolean) => {
      await enterStep(deps, tx, {
        enrollment: e,
        version,
        stepKey: nextKey(version.definition.steps, step.key, branchTaken),
        previousAt: now,
        reason: `after ${step.key}`,
        actor: 'system',
      });
      return { outcome: 'advanced' as const };
    };
    switch (step.kind) {
      case 'email':
        // Unreachable (versions are immutable, so the kind runStep read is this one): never drop it.
        throw new Error('email steps run through runEmailSteps');
      case 'wait':
        return advance();
      case 'branch': {
        const input = await loadBranchInput(tx, e, now);
        const decision = evaluateCondition(step.condition, input);
        await appendEvent(tx, {
          installationId: e.installationId,
          enrollmentId: e.id,
          type: 'branch_evaluated',
          from: 'active',
          to: 'active',
          stepKey: step.key,
          reason: decision.because,
          actor: 'system',
          data: { taken: decision.taken, condition: step.condition },
          at: now,
        });
        return advance(decision.taken);
      }
      case 'task':
        // A task or a CRM update acts for the contact too: none for a suppressed or deleted one.
        if (!(await gateContact(deps, tx, e, 'step_gate'))) return { outcome: 'exited' as const };
        await recordCrmWrite(tx, e, step.key, now, 'task', {
          subject: step.subject,
          body: step.body ?? null,
          dueAt: new Date(now.getTime() + (step.dueInDays ?? 0) * 86_400_000).toISOString(),
        });
        return advance();
      case 'update_crm':
        if (!(await gateContact(deps, tx, e, 'step_gate'))) return { outcome: 'exited' as const };
        await recordCrmWrite(tx, e, step.key, now, 'property_update', {
          property: step.property,
          value: step.value,
        });
        return advance();
      default:
        return assertNever(step);
    }
  });
}

/** CRM writes wait in the outbox for the connectors; the key makes a retried step write once. */
async function recordCrmWrite(
  tx: Queryable,
  e: EnrollmentRow,
  stepKey: string,
  now: Date,
  kind: 'task' | 'property_update',
  payload: Record<string, unknown>,
): Promise<void> {
  await tx
    .insert(crmOutbox)
    .values({
      id: newId('act'),
      installationId: e.installationId,
      contactId: e.contactId,
      kind,
      payload: { ...payload, enrollmentId: e.id, stepKey },
      idempotencyKey: `step:${e.id}:${stepKey}`,
      createdAt: now,
    })
    .onConflictDoNothing();
}
