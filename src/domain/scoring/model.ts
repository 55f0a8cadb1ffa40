import { z } from 'zod';
import { nonEmptyText as label, stableId } from './model-fields';
import { thresholdSchema } from './model-thresholds';

export {
  type ScoreThreshold,
  type ThresholdAction,
  type ThresholdActionType,
  type ThresholdDirection,
  thresholdActionSchema,
  thresholdSchema,
} from './model-thresholds';

/** Engagement events a rule can score. The service maps stored engagement rows onto these. */
export const scoreEventTypes = [
  'email_opened_human',
  'email_clicked',
  'email_replied',
  'page_visited',
  'form_submitted',
  'meeting_booked',
  'unsubscribed',
  'bounced',
  'complained',
] as const;
export type ScoreEventType = (typeof scoreEventTypes)[number];

const points = z
  .number()
  .refine(Number.isFinite, { error: 'must be a finite number' })
  .refine((n) => n !== 0, { error: 'must not be 0 (remove the rule instead)' });
const pattern = z.string().trim().min(1, { error: 'must not be empty' }).max(500);

export const eventMatchSchema = z.strictObject({
  /** Glob (`*` = any characters), matched case-insensitively against the whole URL. */
  urlPattern: pattern.optional(),
  /** Glob matched against the page path (`data.pagePath`, else the path of `data.url`). */
  pagePath: pattern.optional(),
  formId: z.string().trim().min(1).max(200).optional(),
});
export type EventMatch = z.infer<typeof eventMatchSchema>;

export const eventRuleSchema = z.strictObject({
  id: stableId,
  label,
  kind: z.literal('event'),
  event: z.enum(scoreEventTypes),
  match: eventMatchSchema.optional(),
  points,
  /** Cap on the absolute value of this rule's total, applied after decay. */
  maxPoints: z.number().positive({ error: 'must be greater than 0' }).optional(),
  /** Only events at most this many days old count. */
  withinDays: z.number().positive({ error: 'must be greater than 0' }).optional(),
  /** `false` keeps the points at full value (e.g. an unsubscribe penalty that must not fade). */
  decay: z.boolean().optional(),
});
export type EventRule = z.infer<typeof eventRuleSchema>;

const propertyBase = { id: stableId, label, kind: z.literal('property'), property: label, points };
const text = z.string().trim().min(1, { error: 'must not be empty' }).max(500);

export const propertyRuleSchema = z.discriminatedUnion('op', [
  z.strictObject({
    ...propertyBase,
    op: z.literal('equals'),
    value: z.union([text, z.number(), z.boolean()]),
  }),
  z.strictObject({ ...propertyBase, op: z.literal('contains'), value: text }),
  z.strictObject({
    ...propertyBase,
    op: z.literal('in'),
    value: z.array(z.union([text, z.number()])).min(1, { error: 'must list at least one value' }),
  }),
  z.strictObject({ ...propertyBase, op: z.literal('gte'), value: z.number() }),
  z.strictObject({ ...propertyBase, op: z.literal('lte'), value: z.number() }),
  // A glob (`*` wildcard), not a RegExp: authored patterns must not be able to hang the scorer.
  z.strictObject({ ...propertyBase, op: z.literal('matches'), value: text }),
]);
export type PropertyRule = z.infer<typeof propertyRuleSchema>;
export type PropertyOp = PropertyRule['op'];

export const ruleSchema = z.discriminatedUnion('kind', [eventRuleSchema, propertyRuleSchema]);
export type ScoreRule = z.infer<typeof ruleSchema>;

/** Which `match` keys make sense for which events: a formId on a click would silently never match. */
const matchKeysByEvent: Partial<Record<ScoreEventType, ReadonlyArray<keyof EventMatch>>> = {
  email_clicked: ['urlPattern'],
  page_visited: ['urlPattern', 'pagePath'],
  form_submitted: ['formId', 'pagePath'],
};

export const scoringModelSchema = z
  .strictObject({
    name: label,
    description: z.string().trim().max(2000).optional(),
    /** Event points halve every `halfLifeDays`; 0 or null means no decay. */
    halfLifeDays: z.number().min(0, { error: 'must be 0 or more (0 or null = no decay)' }).nullable(),
    rules: z.array(ruleSchema).min(1, { error: 'a model needs at least one rule' }).max(200),
    thresholds: z.array(thresholdSchema).max(20),
  })
  .superRefine((model, ctx) => {
    reportDuplicates(model.rules, 'rules', 'rule', ctx);
    reportDuplicates(model.thresholds, 'thresholds', 'threshold', ctx);
    model.rules.forEach((rule, index) => {
      if (rule.kind !== 'event' || !rule.match) return;
      const allowed = matchKeysByEvent[rule.event] ?? [];
      for (const key of Object.keys(rule.match) as Array<keyof EventMatch>) {
        if (rule.match[key] !== undefined && !allowed.includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', index, 'match', key],
            message: `"${key}" cannot be used with event "${rule.event}"${
              allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (this event has no match options)'
            }`,
          });
        }
      }
    });
  });
export type ScoringModel = z.infer<typeof scoringModelSchema>;
export type ScoringModelInput = z.input<typeof scoringModelSchema>;

export type ScoringModelIssue = { path: string; message: string };
export type ScoringModelError = {
  code: 'invalid_scoring_model';
  message: string;
  issues: ScoringModelIssue[];
};
/** Same shape as `Result` in src/lib/result (domain code may not import it). */
export type ScoringModelParseResult =
  | { ok: true; value: ScoringModel }
  | { ok: false; error: ScoringModelError };

/** Validates model JSON (from the editor or a stored version) with one readable line per problem. */
export function parseScoringModel(input: unknown): ScoringModelParseResult {
  const parsed = scoringModelSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return { ok: false, error: { code: 'invalid_scoring_model', message, issues } };
}

function reportDuplicates(
  items: ReadonlyArray<{ id: string }>,
  field: 'rules' | 'thresholds',
  noun: string,
  ctx: z.RefinementCtx,
): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) {
      firstIndex.set(item.id, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [field, index, 'id'],
      message: `duplicate ${noun} id "${item.id}" (already used by ${field}[${first}])`,
    });
  });
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}
