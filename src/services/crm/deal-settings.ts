import { asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { crmPipelines, installations } from '../../db/schema';
import {
  type DealStageSettings,
  type LostPolicy,
  type Pipeline,
  pipelineRules,
  type Stage,
  type StageKind,
  stageKind,
  toDealStageSettings,
} from '../../domain/crm/deal-rules';
import {
  checkDealStagePatch,
  type DealStagePatch,
  mergeDealStagePatch,
  type SettingsIssue,
} from '../../domain/crm/deal-settings';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';

/** The installation's deal-stage rules (`installations.settings.dealStages`), defaults filled in. */
export async function getDealStageSettings(
  db: Queryable,
  installationId: string,
): Promise<DealStageSettings> {
  const [row] = await db
    .select({ settings: installations.settings })
    .from(installations)
    .where(eq(installations.id, installationId));
  return toDealStageSettings(row?.settings.dealStages);
}

export type StoredPipeline = Pipeline & { label: string };

export async function listPipelines(db: Queryable, installationId: string): Promise<StoredPipeline[]> {
  const rows = await db
    .select()
    .from(crmPipelines)
    .where(eq(crmPipelines.installationId, installationId))
    .orderBy(asc(crmPipelines.label), asc(crmPipelines.externalId));
  return rows.map((r) => ({ id: r.externalId, label: r.label, stages: r.stages }));
}

export type DealStagesView = {
  settings: DealStageSettings;
  pipelines: Array<{
    id: string;
    label: string;
    enabled: boolean;
    lost: LostPolicy;
    stages: Array<Stage & { action: StageKind; source: 'setting' | 'crm' }>;
  }>;
};

/** The settings, and what each stage of each pipeline read from the CRM does under them. */
export function toView(settings: DealStageSettings, pipelines: readonly StoredPipeline[]): DealStagesView {
  return {
    settings,
    pipelines: pipelines.map((p) => {
      const rules = pipelineRules(settings, p.id);
      return {
        id: p.id,
        label: p.label,
        enabled: rules.enabled,
        lost: rules.lost,
        stages: p.stages.map((s) => ({
          ...s,
          action: stageKind(settings, p, s.id),
          source: Object.hasOwn(rules.stages, s.id) ? ('setting' as const) : ('crm' as const),
        })),
      };
    }),
  };
}

export async function getDealStagesView(db: Queryable, installationId: string): Promise<DealStagesView> {
  return toView(await getDealStageSettings(db, installationId), await listPipelines(db, installationId));
}

export type DealStageSettingsError = { code: 'invalid'; issues: SettingsIssue[] };

/** Merges a patch into the stored rules under the installation's row lock; other settings keys are kept. */
export async function updateDealStageSettings(
  deps: AppDeps,
  installationId: string,
  patch: DealStagePatch,
): Promise<Result<DealStagesView, DealStageSettingsError>> {
  return deps.db.transaction(async (tx) => {
    // Serialises concurrent patches: each merges into the one committed before it.
    await tx
      .select({ id: installations.id })
      .from(installations)
      .where(eq(installations.id, installationId))
      .for('no key update');
    const pipelines = await listPipelines(tx, installationId);
    const issues = checkDealStagePatch(patch, pipelines);
    if (issues.length > 0) return err({ code: 'invalid' as const, issues });
    const next = mergeDealStagePatch(await getDealStageSettings(tx, installationId), patch);
    await tx
      .update(installations)
      .set({
        settings: sql`${installations.settings} || jsonb_build_object('dealStages', ${JSON.stringify(next)}::jsonb)`,
      })
      .where(eq(installations.id, installationId));
    return ok(toView(next, pipelines));
  });
}
