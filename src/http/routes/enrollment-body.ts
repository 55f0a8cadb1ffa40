import { z } from '@hono/zod-openapi';
import type { EnrollmentRow } from '../../services/sequences/enrollment-history';
import { iso } from '../schemas';

export const enrollmentSchema = z
  .object({
    id: z.string(),
    contactId: z.string(),
    sequenceId: z.string(),
    versionId: z.string(),
    status: z.string(),
    pauseReason: z.string().nullable(),
    pausedUntil: z.string().nullable(),
    currentStepKey: z.string().nullable(),
    stepDueAt: z.string().nullable(),
    source: z.string(),
    sourceRef: z.string().nullable(),
    exitReason: z.string().nullable(),
    enrolledAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .openapi('Enrollment');

export function enrollmentBody(e: EnrollmentRow) {
  return {
    id: e.id,
    contactId: e.contactId,
    sequenceId: e.sequenceId,
    versionId: e.sequenceVersionId,
    status: e.status,
    pauseReason: e.pauseReason,
    pausedUntil: iso(e.pausedUntil),
    currentStepKey: e.currentStepKey,
    stepDueAt: iso(e.stepDueAt),
    source: e.source,
    sourceRef: e.sourceRef,
    exitReason: e.exitReason,
    enrolledAt: e.enrolledAt.toISOString(),
    endedAt: iso(e.endedAt),
  };
}
