import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import type { EnrollmentRow } from '../../db/queries/enrollments';
import { contactScores, engagementEvents } from '../../db/schema';
import type { BranchInput, EngagementFact } from '../../domain/sequences/conditions';

const FACT_TYPES = ['replied', 'clicked', 'visited', 'opened'] as const;
/** Enough for any branch; the newest facts come first. */
const MAX_FACTS = 500;

/**
 * What a branch step sees: the contact's engagement since this enrollment began (machine events
 * included but flagged, so `evaluateCondition` skips them) and its current score.
 * A fact names a step only when it belongs to this enrollment's own mail, so "clicked a link of
 * step X" never matches the same step key of another sequence. With several score models, the most
 * recently computed score counts (one model per installation).
 */
export async function loadBranchInput(tx: Queryable, e: EnrollmentRow, now: Date): Promise<BranchInput> {
  const rows = await tx
    .select({
      type: engagementEvents.type,
      at: engagementEvents.occurredAt,
      enrollmentId: engagementEvents.enrollmentId,
      stepKey: engagementEvents.stepKey,
      url: engagementEvents.url,
      machine: engagementEvents.machine,
    })
    .from(engagementEvents)
    .where(
      and(
        eq(engagementEvents.installationId, e.installationId),
        eq(engagementEvents.contactId, e.contactId),
        inArray(engagementEvents.type, [...FACT_TYPES]),
        gte(engagementEvents.occurredAt, e.enrolledAt),
      ),
    )
    .orderBy(desc(engagementEvents.occurredAt))
    .limit(MAX_FACTS);
  const facts: EngagementFact[] = rows.map((r) => ({
    type: r.type as EngagementFact['type'],
    at: r.at,
    stepKey: r.enrollmentId === e.id ? r.stepKey : null,
    url: r.url,
    machine: r.machine,
  }));
  const [score] = await tx
    .select({ score: contactScores.score })
    .from(contactScores)
    .where(and(eq(contactScores.installationId, e.installationId), eq(contactScores.contactId, e.contactId)))
    .orderBy(desc(contactScores.computedAt))
    .limit(1);
  return { facts, score: score?.score ?? null, enteredAt: e.enrolledAt, now };
}
