import { assertNever } from '../result';

export const enrollmentStatuses = [
  'active',
  'paused',
  'completed',
  'replied',
  'opted_out',
  'bounced',
  'removed',
  'failed',
] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];
export type PauseReason = 'ooo' | 'deal_in_progress' | 'manual';

export type EnrollmentState = { status: EnrollmentStatus; pauseReason: PauseReason | null };

/** Everything that can happen to an enrollment. Exits all go through `transition` (invariant 7). */
export type EnrollmentTrigger =
  | { type: 'advance' }
  | { type: 'complete' }
  | { type: 'pause'; reason: PauseReason }
  | { type: 'resume' }
  | { type: 'reply' }
  | { type: 'opt_out' }
  | { type: 'complaint' }
  | { type: 'hard_bounce' }
  | {
      type: 'remove';
      reason: 'manual' | 'contact_deleted' | 'deal_won' | 'deal_lost' | 'exit_rule' | 'sequence_archived';
    }
  | { type: 'fail' };

export type TriggerType = EnrollmentTrigger['type'];

const live: readonly EnrollmentStatus[] = ['active', 'paused'];

export function isLive(status: EnrollmentStatus): boolean {
  return live.includes(status);
}

export type TransitionResult =
  | { ok: true; state: EnrollmentState }
  | { ok: false; error: 'invalid_transition'; from: EnrollmentStatus; trigger: TriggerType };

/** The whole state machine: pure and exhaustive. The README table is checked against it. */
export function transition(from: EnrollmentState, trigger: EnrollmentTrigger): TransitionResult {
  const to = (status: EnrollmentStatus, pauseReason: PauseReason | null = null): TransitionResult => ({
    ok: true,
    state: { status, pauseReason },
  });
  const refuse = (): TransitionResult => ({
    ok: false,
    error: 'invalid_transition',
    from: from.status,
    trigger: trigger.type,
  });
  switch (trigger.type) {
    case 'advance':
      return from.status === 'active' ? to('active') : refuse();
    case 'complete':
      return from.status === 'active' ? to('completed') : refuse();
    case 'pause':
      // Re-pausing a paused enrollment updates the reason (manual pause during an OOO, say).
      return isLive(from.status) ? to('paused', trigger.reason) : refuse();
    case 'resume':
      return from.status === 'paused' ? to('active') : refuse();
    case 'reply':
      return isLive(from.status) ? to('replied') : refuse();
    case 'opt_out':
    case 'complaint':
      return isLive(from.status) ? to('opted_out') : refuse();
    case 'hard_bounce':
      return isLive(from.status) ? to('bounced') : refuse();
    case 'remove':
      return isLive(from.status) ? to('removed') : refuse();
    case 'fail':
      return from.status === 'active' ? to('failed') : refuse();
    default:
      return assertNever(trigger);
  }
}

/** Sample triggers, one per type, used to enumerate the table. */
export const sampleTriggers: Record<TriggerType, EnrollmentTrigger> = {
  advance: { type: 'advance' },
  complete: { type: 'complete' },
  pause: { type: 'pause', reason: 'manual' },
  resume: { type: 'resume' },
  reply: { type: 'reply' },
  opt_out: { type: 'opt_out' },
  complaint: { type: 'complaint' },
  hard_bounce: { type: 'hard_bounce' },
  remove: { type: 'remove', reason: 'manual' },
  fail: { type: 'fail' },
};

/** Every allowed (from, to, trigger), for documentation. */
export function transitionTable(): Array<{
  from: EnrollmentStatus;
  to: EnrollmentStatus;
  trigger: TriggerType;
}> {
  const rows: Array<{ from: EnrollmentStatus; to: EnrollmentStatus; trigger: TriggerType }> = [];
  for (const from of enrollmentStatuses) {
    for (const trigger of Object.values(sampleTriggers)) {
      const result = transition({ status: from, pauseReason: null }, trigger);
      if (result.ok) rows.push({ from, to: result.state.status, trigger: trigger.type });
    }
  }
  return rows;
}
