import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import type { EnrollmentRow } from '../../db/queries/enrollments';
import { enrollments } from '../../db/schema';
import { isLive } from '../../domain/sequences/machine';
import type { AppDeps } from '../deps';
import { exitEnrollment } from '../sequences/exit';

/**
 * Of several live enrollments in one sequence, the one to keep: the furthest along (most steps
 * entered), then the earliest enrolled, then the smallest id, so every run picks the same one.
 */
export function enrollmentToKeep(live: ReadonlyArray<EnrollmentRow>): EnrollmentRow | undefined {
  return [...live].sort(
    (a, b) =>
      b.stepCount - a.stepCount ||
      a.enrolledAt.getTime() - b.enrolledAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0];
}

/**
 * One live enrollment per sequence after a merge: where the survivor and a merged contact (or two
 * merged ones) are both live in a sequence, the others exit through the one exit path with reason
 * `merged` (their jobs cancelled). Then every enrollment of the merged contacts, finished ones too
 * (history), moves to the survivor. The caller holds all these rows' locks. Returns the exited ids.
 */
export async function mergeEnrollments(
  deps: AppDeps,
  tx: Queryable,
  input: {
    installationId: string;
    survivorId: string;
    mergedIds: string[];
    locked: ReadonlyArray<EnrollmentRow>;
  },
): Promise<string[]> {
  const bySequence = new Map<string, EnrollmentRow[]>();
  for (const e of input.locked) {
    if (!isLive(e.status)) continue;
    bySequence.set(e.sequenceId, [...(bySequence.get(e.sequenceId) ?? []), e]);
  }
  const exited: string[] = [];
  for (const live of bySequence.values()) {
    const keep = enrollmentToKeep(live);
    for (const e of live) {
      if (e.id === keep?.id) continue;
      const result = await exitEnrollment(
        deps,
        tx,
        e.id,
        { type: 'remove', reason: 'contact_deleted' },
        { reason: 'merged', actor: 'crm', data: { keptEnrollmentId: keep?.id ?? null } },
      );
      if (result.ok) exited.push(e.id);
    }
  }
  if (input.mergedIds.length > 0) {
    await tx
      .update(enrollments)
      .set({ contactId: input.survivorId, updatedAt: deps.clock.now() })
      .where(
        and(
          eq(enrollments.installationId, input.installationId),
          inArray(enrollments.contactId, input.mergedIds),
        ),
      );
  }
  return exited;
}
