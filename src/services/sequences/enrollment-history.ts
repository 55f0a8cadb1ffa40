import type { Queryable } from '../../db/client';
import { type EnrollmentRow, getEnrollment, listEvents } from '../../db/queries/enrollments';

export type { EnrollmentRow };

/** One installation's enrollment, or null when it has none with that id. */
export function findEnrollment(db: Queryable, params: { installationId: string; id: string }) {
  return getEnrollment(db, params);
}

/** An enrollment with its audit trail, oldest first; null when the installation has no such enrollment. */
export async function getEnrollmentStory(db: Queryable, params: { installationId: string; id: string }) {
  const enrollment = await getEnrollment(db, params);
  if (!enrollment) return null;
  return { enrollment, events: await listEvents(db, enrollment.id) };
}
