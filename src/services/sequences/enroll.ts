import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { appendEvent, type EnrollmentRow, getLiveEnrollment } from '../../db/queries/enrollments';
import { getVersion } from '../../db/queries/sequences';
import { contacts, enrollments, sequences } from '../../db/schema';
import { newId } from '../../lib/ids';
import { err, ok, type Result } from '../../lib/result';
import { holdIfDealInProgress } from '../crm/deal-hold';
import type { AppDeps } from '../deps';
import { enterStep } from './schedule-step';

export type EnrollSource = 'api' | 'workflow' | 'trigger' | 'score';

export type EnrollInput = {
  installationId: string;
  contactId: string;
  sequenceId: string;
  source: EnrollSource;
  sourceRef?: string | null;
  actor: string;
};

export type EnrollError =
  | { code: 'contact_not_found' }
  | { code: 'sequence_not_found' }
  | { code: 'sequence_not_published' }
  | { code: 'sequence_archived' }
  | { code: 'suppressed'; reason: string }
  | { code: 'contact_deleted' };

export type Enrolled = { enrollment: EnrollmentRow; alreadyEnrolled: boolean };

/**
 * Idempotent (invariant 3): the partial unique index admits one live enrollment per contact and
 * sequence; a concurrent or repeated call gets the existing one back with `alreadyEnrolled`.
 */
export async function enroll(deps: AppDeps, input: EnrollInput): Promise<Result<Enrolled, EnrollError>> {
  return deps.db.transaction(async (tx) => enrollInTx(deps, tx, input));
}

export async function enrollInTx(
  deps: AppDeps,
  tx: Queryable,
  input: EnrollInput,
): Promise<Result<Enrolled, EnrollError>> {
  const [contact] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, input.installationId), eq(contacts.id, input.contactId)));
  if (!contact) return err({ code: 'contact_not_found' });
  if (contact.deletedAt) return err({ code: 'contact_deleted' });
  if (contact.suppressedAt) return err({ code: 'suppressed', reason: contact.suppressionReason ?? 'manual' });
  const [sequence] = await tx
    .select()
    .from(sequences)
    .where(and(eq(sequences.installationId, input.installationId), eq(sequences.id, input.sequenceId)))
    // Shared lock: an archive (which locks the row for update) waits for us or we see it.
    .for('share');
  if (!sequence) return err({ code: 'sequence_not_found' });
  if (sequence.archivedAt) return err({ code: 'sequence_archived' });
  if (!sequence.activeVersionId) return err({ code: 'sequence_not_published' });
  const version = await getVersion(tx, sequence.activeVersionId);
  if (!version) return err({ code: 'sequence_not_published' });

  const now = deps.clock.now();
  const inserted = await tx
    .insert(enrollments)
    .values({
      id: newId('enr'),
      installationId: input.installationId,
      contactId: contact.id,
      sequenceId: sequence.id,
      sequenceVersionId: version.id,
      status: 'active',
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      enrolledAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({
      target: [enrollments.installationId, enrollments.contactId, enrollments.sequenceId],
      where: sql`status in ('active', 'paused')`,
    })
    .returning();
  const created = inserted[0];
  if (!created) {
    const existing = await getLiveEnrollment(tx, {
      installationId: input.installationId,
      contactId: contact.id,
      sequenceId: sequence.id,
    });
    if (!existing) throw new Error('enrollment conflict without a live enrollment');
    return ok({ enrollment: existing, alreadyEnrolled: true });
  }
  await appendEvent(tx, {
    installationId: created.installationId,
    enrollmentId: created.id,
    type: 'enrolled',
    from: null,
    to: 'active',
    reason: `enrolled via ${input.source}`,
    actor: input.actor,
    data: { versionId: version.id, version: version.version, sourceRef: input.sourceRef ?? null },
    at: now,
  });
  const first = version.definition.steps[0];
  const enrollment = await enterStep(deps, tx, {
    enrollment: created,
    version,
    stepKey: first?.key ?? null,
    previousAt: now,
    reason: 'first step',
    actor: 'system',
  });
  // A contact whose deal is in progress starts paused, as if the deal had paused it.
  return ok({ enrollment: await holdIfDealInProgress(deps, tx, enrollment), alreadyEnrolled: false });
}

export async function listContactEnrollments(
  db: Queryable,
  params: { installationId: string; contactId: string },
) {
  return db
    .select()
    .from(enrollments)
    .where(
      and(eq(enrollments.installationId, params.installationId), eq(enrollments.contactId, params.contactId)),
    )
    .orderBy(enrollments.enrolledAt);
}
