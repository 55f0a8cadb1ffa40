import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import type { EnrollmentRow } from '../../db/queries/enrollments';
import { crmDealContacts, crmDeals } from '../../db/schema';
import { type DealStageSettings, stageKind } from '../../domain/crm/deal-rules';
import type { AppDeps } from '../deps';
import { pauseEnrollment } from '../sequences/pause';
import { getDealStageSettings, listPipelines } from './deal-settings';

/**
 * Deal changes and enrollments of one contact take this lock (transaction-scoped, in contact id
 * order), so a deal opening while the contact is enrolled, or two deals of one contact moving at
 * once, see each other's committed rows: nobody stays active under an open deal, nobody is resumed
 * while another deal still holds them. An advisory lock, not the contact row: step jobs lock the
 * enrollment before the contact, and this lock is taken before any enrollment.
 */
export async function lockContactsForDeals(
  tx: Queryable,
  installationId: string,
  contactIds: readonly string[],
): Promise<void> {
  for (const id of [...new Set(contactIds)].sort()) {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`deal:${installationId}:${id}`}, 0))`,
    );
  }
}

/** The contacts among `contactIds` that a deal in a pausing stage holds (deleted deals do not). */
export async function heldContacts(
  tx: Queryable,
  settings: DealStageSettings,
  installationId: string,
  contactIds: readonly string[],
): Promise<Set<string>> {
  if (contactIds.length === 0 || !settings.enabled) return new Set();
  const rows = await tx
    .select({
      contactId: crmDealContacts.contactId,
      pipelineId: crmDeals.pipelineId,
      stageId: crmDeals.stageId,
    })
    .from(crmDealContacts)
    .innerJoin(
      crmDeals,
      and(
        eq(crmDeals.installationId, crmDealContacts.installationId),
        eq(crmDeals.externalId, crmDealContacts.dealExternalId),
      ),
    )
    .where(
      and(
        eq(crmDealContacts.installationId, installationId),
        inArray(crmDealContacts.contactId, [...contactIds]),
        isNull(crmDeals.deletedAt),
      ),
    );
  if (rows.length === 0) return new Set();
  const pipelines = new Map((await listPipelines(tx, installationId)).map((p) => [p.id, p]));
  return new Set(
    rows
      .filter((r) => stageKind(settings, pipelines.get(r.pipelineId), r.stageId) === 'pause')
      .map((r) => r.contactId),
  );
}

/**
 * For the enroll path: a contact whose deal is in progress starts paused (`deal_in_progress`),
 * resumed when the deal closes lost like the enrollments it paused. Call inside the enrolling
 * transaction, after the first step was scheduled (the pause cancels its job).
 */
export async function holdIfDealInProgress(
  deps: AppDeps,
  tx: Queryable,
  enrollment: EnrollmentRow,
): Promise<EnrollmentRow> {
  if (enrollment.status !== 'active') return enrollment;
  await lockContactsForDeals(tx, enrollment.installationId, [enrollment.contactId]);
  const settings = await getDealStageSettings(tx, enrollment.installationId);
  const held = await heldContacts(tx, settings, enrollment.installationId, [enrollment.contactId]);
  if (!held.has(enrollment.contactId)) return enrollment;
  const paused = await pauseEnrollment(deps, tx, enrollment.id, {
    reason: 'deal_in_progress',
    actor: 'crm',
    note: 'enrolled while a deal is in progress',
  });
  return paused.ok ? paused.value : enrollment;
}
