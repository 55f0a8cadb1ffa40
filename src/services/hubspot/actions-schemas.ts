import { z } from 'zod';

/** HubSpot sends ids as JSON numbers; some tools (and the options GET) send digits as text. */
const numericId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)])
  .transform((v) => String(v));

/**
 * A workflow-action execution request (automation v4 / 2026-03). Unknown fields are kept and
 * ignored: HubSpot adds context kinds (agents, copilot) and origin fields over time.
 */
export const actionRequest = z.looseObject({
  callbackId: z.string().min(1).max(200),
  origin: z.looseObject({
    portalId: numericId,
    actionDefinitionId: numericId.optional(),
    actionDefinitionVersion: z.number().int().optional(),
  }),
  context: z.looseObject({ source: z.string().optional(), workflowId: numericId.optional() }).optional(),
  object: z
    .looseObject({
      objectId: numericId,
      objectType: z.string(),
      // Filled only with what the definition's objectRequestOptions.properties asked for.
      properties: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  inputFields: z.record(z.string(), z.unknown()).default({}),
});
export type ActionRequest = z.infer<typeof actionRequest>;

/**
 * The external-options fetch of an input field (`optionsUrl`): the portal, the field, and
 * `fetchOptions` with the search text `q` and the `after` cursor we handed out before.
 * The portal comes in `origin` in current payloads and at the top level in older ones.
 */
export const optionsRequest = z
  .looseObject({
    origin: z.looseObject({ portalId: numericId }).optional(),
    portalId: numericId.optional(),
    inputFieldName: z.string().max(100).optional(),
    fetchOptions: z
      .looseObject({
        q: z.string().max(200).nullish(),
        after: z.string().max(500).nullish(),
      })
      .optional(),
  })
  .refine((r) => r.origin?.portalId ?? r.portalId, { message: 'portalId is required' });

const commonOutcomes = [
  'unknown_sequence',
  'no_sequence_chosen',
  'contact_unknown',
  'unsupported_object',
  'unknown_portal',
] as const;
/** Every `outcome` each action can answer; the workflow-action definitions list the same values. */
export const enrollOutcomes = [
  'enrolled',
  'already_enrolled',
  'suppressed',
  'sequence_archived',
  'sequence_not_published',
  'contact_deleted',
  ...commonOutcomes,
] as const;
export const unenrollOutcomes = ['unenrolled', 'not_enrolled', ...commonOutcomes] as const;
export type ActionOutcome = (typeof enrollOutcomes)[number] | (typeof unenrollOutcomes)[number];

/** What HubSpot reads back; every output value is text. `outcome` is for workflow branches. */
export type ActionAnswer = {
  outputFields: {
    hs_execution_state: 'SUCCESS' | 'FAIL_CONTINUE';
    outcome: ActionOutcome;
    reason: string;
    enrollment_id?: string;
  };
};

// A no-op that leaves the contact where the workflow wanted it is not a failure.
const succeeded: ReadonlySet<ActionOutcome> = new Set([
  'enrolled',
  'already_enrolled',
  'unenrolled',
  'not_enrolled',
]);

export function answer(outcome: ActionOutcome, reason: string, enrollmentId?: string): ActionAnswer {
  return {
    outputFields: {
      hs_execution_state: succeeded.has(outcome) ? 'SUCCESS' : 'FAIL_CONTINUE',
      outcome,
      reason,
      ...(enrollmentId ? { enrollment_id: enrollmentId } : {}),
    },
  };
}

export type OptionsAnswer = {
  options: Array<{ label: string; value: string; description: string }>;
  after?: string;
  searchable: true;
};
