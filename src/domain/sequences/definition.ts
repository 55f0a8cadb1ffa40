import { z } from 'zod';
import { type ReplyPolicyOverride, replyPolicyOverrideSchema } from '../inbound/reply-policy';

export const delayUnits = ['minutes', 'hours', 'days', 'business_days'] as const;
export const delaySchema = z.object({
  amount: z.number().int().min(0).max(525_600),
  unit: z.enum(delayUnits),
});
export type Delay = z.infer<typeof delaySchema>;

const stepKey = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, 'step keys are 1-64 letters, digits, - or _');
/** null ends the sequence; absent means the next step in the list. */
const target = stepKey.nullable();

export const conditionSchema = z.object({
  signal: z.enum(['always', 'replied', 'clicked', 'visited', 'human_open', 'score_at_least']),
  /** clicked / human_open: limit to the mail of this step. */
  stepKey: stepKey.optional(),
  urlContains: z.string().min(1).optional(),
  pagePath: z.string().min(1).optional(),
  value: z.number().optional(),
  withinDays: z.number().positive().max(365).optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

const cadenceOverride = z.record(z.string(), z.unknown()).optional();

const base = {
  key: stepKey,
  delay: delaySchema.default({ amount: 0, unit: 'days' }),
  next: target.optional(),
  cadence: cadenceOverride,
};

export const draftStepSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('email'), templateId: z.string().min(1) }),
  z.object({
    ...base,
    kind: z.literal('task'),
    subject: z.string().min(1).max(255),
    body: z.string().max(10_000).optional(),
    dueInDays: z.number().int().min(0).max(365).optional(),
  }),
  z.object({ ...base, kind: z.literal('wait') }),
  z.object({
    ...base,
    kind: z.literal('branch'),
    condition: conditionSchema,
    ifTrue: target,
    ifFalse: target,
  }),
  z.object({
    ...base,
    kind: z.literal('update_crm'),
    property: z.string().min(1).max(100),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  }),
]);
export type DraftStep = z.infer<typeof draftStepSchema>;

export const draftSchema = z.object({
  steps: z.array(draftStepSchema).min(1).max(50),
  /** Cadence overrides for the whole sequence (window, spacing, ...), validated by the cadence module. */
  cadence: cadenceOverride,
  /** What a reply to this sequence's mail does to the contact's other enrollments (else the installation's). */
  replyPolicy: replyPolicyOverrideSchema.optional(),
  /** What a closed-lost deal does to this sequence's enrollments (the pipeline's rule otherwise). */
  dealLost: z.enum(['resume', 'exit']).optional(),
});
export type Draft = z.infer<typeof draftSchema>;

export const templateSnapshotSchema = z.object({
  id: z.string(),
  name: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string().nullable(),
});
export type TemplateSnapshot = z.infer<typeof templateSnapshotSchema>;

/** A published step: email steps carry the template content they were published with. */
export type PublishedStep =
  | (Extract<DraftStep, { kind: 'email' }> & { template: TemplateSnapshot })
  | Exclude<DraftStep, { kind: 'email' }>;
export type PublishedDefinition = {
  steps: PublishedStep[];
  cadence?: Record<string, unknown> | undefined;
  replyPolicy?: ReplyPolicyOverride | undefined;
  dealLost?: 'resume' | 'exit' | undefined;
};

export type DefinitionIssue = { path: string; message: string };

/** Graph checks zod cannot express: unique keys, existing targets, no cycles, nothing unreachable. */
export function checkGraph(steps: readonly DraftStep[]): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const index = new Map<string, number>();
  steps.forEach((s, i) => {
    if (index.has(s.key)) issues.push({ path: `steps.${i}.key`, message: `duplicate step key "${s.key}"` });
    else index.set(s.key, i);
  });
  steps.forEach((s, i) => {
    for (const [field, t] of edgeFields(s)) {
      if (t !== null && t !== undefined && !index.has(t)) {
        issues.push({ path: `steps.${i}.${field}`, message: `unknown step "${t}"` });
      }
    }
  });
  if (issues.length > 0) return issues;
  // Each step is entered at most once (a contact never gets the same step twice), so the graph is a DAG.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, trail: string[]): void => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') {
      issues.push({ path: 'steps', message: `cycle: ${[...trail, key].join(' -> ')}` });
      return;
    }
    state.set(key, 'visiting');
    for (const next of successors(steps, key)) visit(next, [...trail, key]);
    state.set(key, 'done');
  };
  const first = steps[0];
  if (first) visit(first.key, []);
  steps.forEach((s, i) => {
    if (!state.has(s.key))
      issues.push({ path: `steps.${i}`, message: `step "${s.key}" can never be reached` });
  });
  return issues;
}

function edgeFields(step: DraftStep): Array<[string, string | null | undefined]> {
  const edges: Array<[string, string | null | undefined]> = [['next', step.next]];
  if (step.kind === 'branch') edges.push(['ifTrue', step.ifTrue], ['ifFalse', step.ifFalse]);
  return edges;
}

/** Where a step can lead. */
export function successors(steps: readonly DraftStep[], key: string): string[] {
  const i = steps.findIndex((s) => s.key === key);
  const step = steps[i];
  if (!step) return [];
  if (step.kind === 'branch')
    return [step.ifTrue, step.ifFalse].filter((t): t is string => typeof t === 'string');
  return [nextKey(steps, key)].filter((t): t is string => typeof t === 'string');
}

/** The step after `key` on the default path (branches choose with `branchTaken`). */
export function nextKey(steps: readonly DraftStep[], key: string, branchTaken?: boolean): string | null {
  const i = steps.findIndex((s) => s.key === key);
  const step = steps[i];
  if (!step) return null;
  if (step.kind === 'branch') return branchTaken ? step.ifTrue : step.ifFalse;
  if (step.next !== undefined) return step.next;
  return steps[i + 1]?.key ?? null;
}
