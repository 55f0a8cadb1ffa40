import { z } from 'zod';

/**
 * "Deal in progress", CRM-generic. Each stage of a pipeline has a kind: `pause` (a deal there
 * pauses its contacts' enrollments), `won` (exits them), `lost` (resumes or exits them, per
 * pipeline and per sequence) or `none`. Without settings an open stage pauses, closed-won is won
 * and closed-lost is lost, as the CRM flags them. Stored under `dealStages` in `installations.settings`.
 */
export const stageKinds = ['pause', 'won', 'lost', 'none'] as const;
export type StageKind = (typeof stageKinds)[number];
export const lostPolicies = ['resume', 'exit'] as const;
export type LostPolicy = (typeof lostPolicies)[number];

const externalId = z.string().min(1).max(100);

export const pipelineRulesSchema = z
  .object({
    /** false: no stage of this pipeline touches enrollments. */
    enabled: z.boolean().default(true),
    /** What a lost deal does to the enrollments its open stages paused (a sequence may override it). */
    lost: z.enum(lostPolicies).default('resume'),
    /** Stage id -> kind, overriding the CRM's flags for that stage. */
    stages: z.record(externalId, z.enum(stageKinds)).default({}),
  })
  .strict();
export type PipelineRules = z.infer<typeof pipelineRulesSchema>;

export const dealStageSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    pipelines: z.record(externalId, pipelineRulesSchema).default({}),
  })
  .strict();
export type DealStageSettings = z.infer<typeof dealStageSettingsSchema>;

export const DEFAULT_DEAL_STAGE_SETTINGS: DealStageSettings = { enabled: true, pipelines: {} };
const DEFAULT_PIPELINE: PipelineRules = { enabled: true, lost: 'resume', stages: {} };

/** Stored JSON -> settings; anything unreadable falls back to the defaults. */
export function toDealStageSettings(stored: unknown): DealStageSettings {
  const parsed = dealStageSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_DEAL_STAGE_SETTINGS;
}

export type Stage = { id: string; label: string; closed: boolean; won: boolean };
export type Pipeline = { id: string; stages: readonly Stage[] };

export function pipelineRules(settings: DealStageSettings, pipelineId: string): PipelineRules {
  // Own keys only: a CRM id such as "constructor" must not find Object.prototype.
  return Object.hasOwn(settings.pipelines, pipelineId) ? settings.pipelines[pipelineId]! : DEFAULT_PIPELINE;
}

/** What the CRM's flags make of a stage when no setting says otherwise. */
export function defaultKind(stage: Stage): StageKind {
  if (!stage.closed) return 'pause';
  return stage.won ? 'won' : 'lost';
}

/**
 * The kind of a stage under the settings. A pipeline or stage we have not read from the CRM is
 * `none`: without its closed/won flags we cannot tell a lost deal from an open one.
 */
export function stageKind(
  settings: DealStageSettings,
  pipeline: Pipeline | undefined,
  stageId: string,
): StageKind {
  if (!settings.enabled || !pipeline) return 'none';
  const rules = pipelineRules(settings, pipeline.id);
  if (!rules.enabled) return 'none';
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage) return 'none';
  return Object.hasOwn(rules.stages, stageId) ? rules.stages[stageId]! : defaultKind(stage);
}

/** The sequence's own `dealLost` (from its published definition) wins over the pipeline's policy. */
export function lostPolicy(
  settings: DealStageSettings,
  pipelineId: string,
  sequenceOverride: unknown,
): LostPolicy {
  const parsed = z.enum(lostPolicies).safeParse(sequenceOverride);
  return parsed.success ? parsed.data : pipelineRules(settings, pipelineId).lost;
}

export type DealAction = 'pause' | 'exit_won' | 'lost_resume' | 'lost_exit' | 'none';

/** What a deal in `stageId` means for one enrollment of a sequence whose lost policy is `sequenceLost`. */
export function dealStageAction(input: {
  settings: DealStageSettings;
  pipeline: Pipeline | undefined;
  stageId: string;
  sequenceLost?: unknown;
}): DealAction {
  const kind = stageKind(input.settings, input.pipeline, input.stageId);
  switch (kind) {
    case 'pause':
      return 'pause';
    case 'won':
      return 'exit_won';
    case 'lost': {
      const policy = lostPolicy(input.settings, input.pipeline?.id ?? '', input.sequenceLost);
      return policy === 'exit' ? 'lost_exit' : 'lost_resume';
    }
    case 'none':
      return 'none';
  }
}

/**
 * What a deal's move from one kind to another does to one associated contact (a contact newly
 * linked comes from `none`, one unlinked goes to `none`). Only a change of kind acts: moving between
 * open stages, or a repeated delivery, changes nothing. Leaving a pausing stage for an ignored one
 * `release`s (resumes unless another deal still holds the contact), so nobody stays paused for good.
 */
export type ContactEffect = 'pause' | 'won' | 'lost' | 'release' | 'none';

export function contactEffect(from: StageKind, to: StageKind): ContactEffect {
  if (from === to) return 'none';
  if (to === 'none') return from === 'pause' ? 'release' : 'none';
  return to;
}
