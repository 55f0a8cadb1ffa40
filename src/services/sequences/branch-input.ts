import type { Queryable } from '../../db/client';
import type { EnrollmentRow } from '../../db/queries/enrollments';
import type { BranchInput } from '../../domain/sequences/conditions';

/** Engagement facts for branch conditions; the engagement module stores them. */
export async function loadBranchInput(_tx: Queryable, e: EnrollmentRow, now: Date): Promise<BranchInput> {
  return { facts: [], score: null, enteredAt: e.enrolledAt, now };
}
