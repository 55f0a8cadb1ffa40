import type { Queryable } from '../../db/client';
import type { Logger } from '../../lib/logger';
import { type CadenceInputs, type ContactHints, loadCadenceInputs, planContext } from './context';
import { checkSendTime, reasonCodes, type Slot } from './timing';

/** "Why now", stored on the send row (DESIGN 4.8). */
export type SendWhy = { zone: string; zoneSource: string; reasons: string[] };

export type GateDecision =
  | {
      allowed: true;
      why: SendWhy;
      /** The last instant the mail may be handed to SMTP inside the window; later, ask again. */
      sendBy: Date;
    }
  | {
      allowed: false;
      slot: Slot;
      /**
       * The code the enrollment event is named after: spacing, cap, `late` (the job ran after the
       * window it was planned in closed; only with `plannedAt`), or the window rule that moved it.
       */
      reason: string;
      zone: string;
      zoneSource: string;
    };

export type SendInput = {
  installationId: string;
  enrollmentId: string;
  stepKey: string;
  stepCadence: Record<string, unknown> | undefined;
  sequenceCadence: unknown;
  contact: ContactHints;
  now: Date;
  /** When the step was due (step_due_at): a refusal after its window closed says `late`. */
  plannedAt?: Date | null | undefined;
};

/**
 * The send gate, at send time. The caller holds the enrollment row lock and then the contact row
 * lock (`select ... for update`, always in that order), so two workers sending to one contact
 * decide one after the other and the second sees the first one's `pending` row.
 */
export async function decideSend(db: Queryable, logger: Logger, input: SendInput): Promise<GateDecision> {
  const inputs = await loadCadenceInputs(db, {
    installationId: input.installationId,
    contactId: input.contact.id,
    at: input.now,
    plannedStep: { enrollmentId: input.enrollmentId, stepKey: input.stepKey },
  });
  return decideSendWith(inputs, logger, input);
}

/**
 * The same decision from inputs already loaded (a batch reads them in one statement; the query
 * must be the one decideSend makes: this contact, `at: now`, `plannedStep` this step).
 */
export function decideSendWith(inputs: CadenceInputs, logger: Logger, input: SendInput): GateDecision {
  const ctx = planContext(inputs, { ...input, at: input.now });
  if (ctx.warnings.length > 0) logger.warn('cadence settings fell back', { warnings: ctx.warnings });
  const check = checkSendTime(ctx, {
    stepCadence: input.stepCadence,
    now: input.now,
    plannedAt: input.plannedAt,
  });
  const zone = { zone: ctx.zone.zone, zoneSource: ctx.zone.source };
  if (!check.allowed) {
    const codes = reasonCodes(check.slot.reasons);
    // `late` comes first in the reasons when it applies, but spacing and cap still name the event.
    const reason = codes.find((c) => c === 'spacing' || c === 'cap') ?? codes[0] ?? 'outside_window';
    return { allowed: false, slot: check.slot, reason, ...zone };
  }
  return { allowed: true, why: { ...zone, reasons: inputs.plannedReasons }, sendBy: check.sendBy };
}
