import type { Queryable } from '../../db/client';
import type { Logger } from '../../lib/logger';
import { type ContactHints, loadCadenceInputs, planContext } from './context';
import { checkSendTime, reasonCodes, type Slot } from './timing';

/** "Why now", stored on the send row (DESIGN 4.8). */
export type SendWhy = { zone: string; zoneSource: string; reasons: string[] };

export type GateDecision =
  | { allowed: true; why: SendWhy }
  | {
      allowed: false;
      slot: Slot;
      /** The code the enrollment event is named after: spacing, cap, or the window rule that moved it. */
      reason: string;
      zone: string;
      zoneSource: string;
    };

/**
 * The send gate, at send time. The caller holds the enrollment row lock and then the contact row
 * lock (`select ... for update`, always in that order), so two workers sending to one contact
 * decide one after the other and the second sees the first one's `pending` row.
 */
export async function decideSend(
  db: Queryable,
  logger: Logger,
  input: {
    installationId: string;
    enrollmentId: string;
    stepKey: string;
    stepCadence: Record<string, unknown> | undefined;
    sequenceCadence: unknown;
    contact: ContactHints;
    now: Date;
  },
): Promise<GateDecision> {
  const inputs = await loadCadenceInputs(db, {
    installationId: input.installationId,
    contactId: input.contact.id,
    at: input.now,
    plannedStep: { enrollmentId: input.enrollmentId, stepKey: input.stepKey },
  });
  const ctx = planContext(inputs, { ...input, at: input.now });
  if (ctx.warnings.length > 0) logger.warn('cadence settings fell back', { warnings: ctx.warnings });
  const check = checkSendTime(ctx, { stepCadence: input.stepCadence, now: input.now });
  const zone = { zone: ctx.zone.zone, zoneSource: ctx.zone.source };
  if (!check.allowed) {
    const codes = reasonCodes(check.slot.reasons);
    const reason = codes.find((c) => c === 'spacing' || c === 'cap') ?? codes[0] ?? 'outside_window';
    return { allowed: false, slot: check.slot, reason, ...zone };
  }
  return { allowed: true, why: { ...zone, reasons: inputs.plannedReasons } };
}
