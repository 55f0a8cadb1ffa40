import { z } from 'zod';
import {
  type DealStageSettings,
  dealStageSettingsSchema,
  lostPolicies,
  type Pipeline,
  type PipelineRules,
  pipelineRules,
  stageKinds,
} from './deal-rules';

const externalId = z.string().min(1).max(100);

/**
 * A PATCH of the deal-stage settings: absent keys keep their value, `null` drops a stage's
 * override (back to the CRM's flags) or a pipeline's rules (back to the defaults).
 */
export const dealStagePatchSchema = z
  .object({
    enabled: z.boolean(),
    pipelines: z.record(
      externalId,
      z
        .object({
          enabled: z.boolean(),
          lost: z.enum(lostPolicies),
          stages: z.record(externalId, z.enum(stageKinds).nullable()),
        })
        .partial()
        .strict()
        .nullable(),
    ),
  })
  .partial()
  .strict();
export type DealStagePatch = z.infer<typeof dealStagePatchSchema>;

export function mergeDealStagePatch(current: DealStageSettings, patch: DealStagePatch): DealStageSettings {
  // Maps, not objects: ids come from outside, and "__proto__" must stay a plain key.
  const pipelines = new Map<string, PipelineRules>(Object.entries(current.pipelines));
  for (const [id, p] of Object.entries(patch.pipelines ?? {})) {
    if (p === null) {
      pipelines.delete(id);
      continue;
    }
    const base = pipelineRules(current, id);
    const stages = new Map(Object.entries(base.stages));
    for (const [stageId, kind] of Object.entries(p.stages ?? {})) {
      if (kind === null) stages.delete(stageId);
      else stages.set(stageId, kind);
    }
    pipelines.set(id, {
      enabled: p.enabled ?? base.enabled,
      lost: p.lost ?? base.lost,
      stages: Object.fromEntries(stages),
    });
  }
  return dealStageSettingsSchema.parse({
    enabled: patch.enabled ?? current.enabled,
    pipelines: Object.fromEntries(pipelines),
  });
}

export type SettingsIssue = { path: string; message: string };

/**
 * Checks a patch against the pipelines read from the CRM: every pipeline and stage it sets must
 * exist, and a closed stage cannot pause (no later stage would resume its contacts). Only what the
 * patch sets is checked, so rules left behind by a pipeline deleted in the CRM block nothing
 * (a `null` removes them).
 */
export function checkDealStagePatch(patch: DealStagePatch, pipelines: readonly Pipeline[]): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const byId = new Map(pipelines.map((p) => [p.id, p]));
  for (const [id, rules] of Object.entries(patch.pipelines ?? {})) {
    if (rules === null) continue;
    const pipeline = byId.get(id);
    if (!pipeline) {
      issues.push({ path: `pipelines.${id}`, message: `unknown pipeline "${id}"` });
      continue;
    }
    for (const [stageId, kind] of Object.entries(rules.stages ?? {})) {
      const stage = pipeline.stages.find((s) => s.id === stageId);
      const path = `pipelines.${id}.stages.${stageId}`;
      if (!stage) issues.push({ path, message: `unknown stage "${stageId}" in pipeline "${id}"` });
      else if (stage.closed && kind === 'pause') {
        issues.push({
          path,
          message: `stage "${stageId}" is closed: its contacts would stay paused for good`,
        });
      }
    }
  }
  return issues;
}
