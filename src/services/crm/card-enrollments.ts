import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { getVersion } from '../../db/queries/sequences';
import { enrollmentEvents, enrollments, sequences } from '../../db/schema';
import { explainNextStep, SCHEDULING_EVENTS, type WhyThen } from './card-why';

export type CardAction = 'pause' | 'resume' | 'unenroll';

export type CardEnrollment = WhyThen & {
  id: string;
  sequenceId: string;
  sequenceName: string;
  status: 'active' | 'paused';
  pauseReason: string | null;
  stepKey: string | null;
  /** 1-based position of the current step in the pinned version, with the version's step count. */
  stepNumber: number | null;
  stepCount: number;
  actions: CardAction[];
};

/** The contact's live (active or paused) enrollments, each with when and why its next step goes out. */
export async function listCardEnrollments(
  db: Queryable,
  params: { installationId: string; contactId: string },
): Promise<CardEnrollment[]> {
  const rows = await db
    .select({ e: enrollments, sequenceName: sequences.name })
    .from(enrollments)
    .innerJoin(sequences, eq(sequences.id, enrollments.sequenceId))
    .where(
      and(
        eq(enrollments.installationId, params.installationId),
        eq(enrollments.contactId, params.contactId),
        sql`${enrollments.status} in ('active', 'paused')`,
      ),
    )
    .orderBy(enrollments.enrolledAt, enrollments.id);
  if (rows.length === 0) return [];
  const events = await db
    .select()
    .from(enrollmentEvents)
    .where(
      and(
        eq(enrollmentEvents.installationId, params.installationId),
        inArray(
          enrollmentEvents.enrollmentId,
          rows.map((r) => r.e.id),
        ),
        inArray(enrollmentEvents.type, [...SCHEDULING_EVENTS]),
      ),
    )
    .orderBy(desc(enrollmentEvents.id));

  const out: CardEnrollment[] = [];
  for (const { e, sequenceName } of rows) {
    // The newest scheduling event of the step it is on says why that step is due when it is.
    const scheduled = events.find((v) => v.enrollmentId === e.id && v.stepKey === e.currentStepKey) ?? null;
    const version = await getVersion(db, e.sequenceVersionId);
    const steps = version?.definition.steps ?? [];
    const index = steps.findIndex((s) => s.key === e.currentStepKey);
    const status = e.status === 'paused' ? 'paused' : 'active';
    out.push({
      id: e.id,
      sequenceId: e.sequenceId,
      sequenceName,
      status,
      pauseReason: e.pauseReason,
      stepKey: e.currentStepKey,
      stepNumber: index >= 0 ? index + 1 : null,
      stepCount: steps.length,
      actions: status === 'paused' ? ['resume', 'unenroll'] : ['pause', 'unenroll'],
      ...explainNextStep({
        status,
        pauseReason: e.pauseReason,
        pausedUntil: e.pausedUntil,
        stepDueAt: e.stepDueAt,
        delay: steps[index]?.delay ?? null,
        firstStep: index === 0,
        scheduled,
      }),
    });
  }
  return out;
}
