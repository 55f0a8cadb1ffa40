import { z } from 'zod';
import { canonicalRecordId } from '../../../connectors/salesforce/ids';

const recordId = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const id = canonicalRecordId(raw);
    if (id === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a 15- or 18-character Salesforce record Id' });
      return z.NEVER;
    }
    return id;
  });

/**
 * One Flow (or Apex) request. `requestId` is the idempotency key: the same id is answered once,
 * whatever arrives later. Unknown fields are ignored (the Apex class may send more over time).
 * An empty sequence is an answer the Flow can branch on, not a malformed call.
 */
export const flowRequest = z.looseObject({
  requestId: z.string().trim().min(1).max(200),
  recordId,
  sequenceId: z.string().trim().max(64).nullish(),
  flowInterviewId: z.string().trim().max(200).nullish(),
});
export type FlowRequest = z.infer<typeof flowRequest>;

/** Flow runs invocable actions in bulk (up to 200 interviews per transaction): one call, many requests. */
export const MAX_BATCH = 200;
export const flowBatch = z.looseObject({ requests: z.array(flowRequest).min(1).max(MAX_BATCH) });

const commonOutcomes = [
  'sequence_unknown',
  'no_sequence_chosen',
  'contact_unknown',
  'unsupported_object',
] as const;
/** Every `outcome` each action can answer; the Apex action and the README list the same values. */
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
export type FlowOutcome = (typeof enrollOutcomes)[number] | (typeof unenrollOutcomes)[number];

/** What the Flow reads back: `success` for a simple decision, `outcome` to branch, `message` to show. */
export type FlowAnswer = {
  requestId: string;
  outcome: FlowOutcome;
  success: boolean;
  message: string;
  enrollmentId?: string;
};

// Leaving the record where the Flow wanted it (already in, already out) is not a failure.
const succeeded: ReadonlySet<FlowOutcome> = new Set([
  'enrolled',
  'already_enrolled',
  'unenrolled',
  'not_enrolled',
]);

export function answer(
  requestId: string,
  outcome: FlowOutcome,
  message: string,
  enrollmentId?: string,
): FlowAnswer {
  return {
    requestId,
    outcome,
    success: succeeded.has(outcome),
    message,
    ...(enrollmentId ? { enrollmentId } : {}),
  };
}

/** Who the enrollment history names: the Flow interview, when the call says which. */
export const actorOf = (r: FlowRequest) =>
  r.flowInterviewId ? `salesforce:flow:${r.flowInterviewId}` : 'salesforce:flow';
