import { and, eq, gte, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { engagementEvents } from '../../db/schema';
import { newId } from '../../lib/ids';
import type { AppDeps } from '../deps';
import { requestRescore } from '../scoring/rescore';

export type EngagementType = (typeof engagementEvents.$inferInsert)['type'];

export type NewEngagement = {
  installationId: string;
  contactId: string;
  type: EngagementType;
  /** Stored once: a second event with the same key is dropped. */
  dedupeKey: string;
  occurredAt: Date;
  enrollmentId?: string | null;
  sendId?: string | null;
  stepKey?: string | null;
  url?: string | null;
  machine?: boolean;
  machineReason?: string | null;
  userAgent?: string | null;
  data?: Record<string, unknown>;
};

/**
 * Stores an engagement event once (dedupe key) and, for a human event, asks scoring to recompute in
 * the same transaction. Returns whether it was new.
 */
export async function recordEngagement(deps: AppDeps, tx: Queryable, event: NewEngagement): Promise<boolean> {
  const inserted = await tx
    .insert(engagementEvents)
    .values({
      id: newId('eng'),
      installationId: event.installationId,
      contactId: event.contactId,
      enrollmentId: event.enrollmentId ?? null,
      sendId: event.sendId ?? null,
      stepKey: event.stepKey ?? null,
      type: event.type,
      url: event.url ?? null,
      machine: event.machine ?? false,
      machineReason: event.machineReason ?? null,
      userAgent: event.userAgent?.slice(0, 500) ?? null,
      data: event.data ?? {},
      dedupeKey: event.dedupeKey,
      occurredAt: event.occurredAt,
      createdAt: deps.clock.now(),
    })
    .onConflictDoNothing({ target: engagementEvents.dedupeKey })
    .returning({ id: engagementEvents.id });
  if (inserted.length === 0) return false;
  // Machine events cannot move a score; no need to wake scoring for them.
  if (!event.machine) {
    await requestRescore(deps, tx, {
      installationId: event.installationId,
      contactId: event.contactId,
      reason: `engagement:${event.type}`,
    });
  }
  return true;
}

/**
 * A honeypot hit shows a scanner went through the mail: the send's opens and clicks of the burst
 * before it become machine events too. Returns how many changed.
 */
export async function flagBurstAsMachine(
  deps: AppDeps,
  tx: Queryable,
  input: { installationId: string; contactId: string; sendId: string; since: Date },
): Promise<number> {
  const changed = await tx
    .update(engagementEvents)
    .set({ machine: true, machineReason: 'honeypot_burst' })
    .where(
      and(
        eq(engagementEvents.installationId, input.installationId),
        eq(engagementEvents.sendId, input.sendId),
        eq(engagementEvents.machine, false),
        inArray(engagementEvents.type, ['clicked', 'opened']),
        gte(engagementEvents.occurredAt, input.since),
      ),
    )
    .returning({ id: engagementEvents.id });
  if (changed.length > 0) {
    await requestRescore(deps, tx, {
      installationId: input.installationId,
      contactId: input.contactId,
      reason: 'engagement:reclassified_machine',
    });
  }
  return changed.length;
}
