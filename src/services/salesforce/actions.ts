import { err, ok, type Result } from '../../lib/result';
import { answerOnce } from '../crm/action-calls';
import type { AppDeps } from '../deps';
import { decideEnroll } from './actions-enroll';
import { fetchUnsynced } from './actions-fetch';
import { type FlowAnswer, type FlowRequest, flowBatch, flowRequest } from './actions-schemas';
import { decideUnenroll } from './actions-unenroll';

export type FlowActionKind = 'enroll' | 'unenroll';
export type FlowActionInputError = { code: 'validation_failed'; message: string };
export type FlowActionAnswer = FlowAnswer | { results: FlowAnswer[] };

const issueOf = (error: { issues: Array<{ path: PropertyKey[]; message: string }> }) => {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  return err({
    code: 'validation_failed' as const,
    message: `${where}${issue?.message ?? 'invalid request'}`,
  });
};

function parse(body: unknown): Result<{ batch: boolean; requests: FlowRequest[] }, FlowActionInputError> {
  if (typeof body === 'object' && body !== null && 'requests' in body) {
    const parsed = flowBatch.safeParse(body);
    return parsed.success ? ok({ batch: true, requests: parsed.data.requests }) : issueOf(parsed.error);
  }
  const parsed = flowRequest.safeParse(body);
  return parsed.success ? ok({ batch: false, requests: [parsed.data] }) : issueOf(parsed.error);
}

/**
 * A Flow (through the org's Named Credential, already verified: `installationId` is the org's)
 * asks to enroll records in a sequence or remove them. The whole body is checked before anything
 * is decided, so a malformed batch changes nothing. Each request is then answered once per
 * requestId in its own transaction, in order; every decision is an answer the Flow can branch on.
 */
export async function runFlowAction(
  deps: AppDeps,
  installationId: string,
  kind: FlowActionKind,
  body: unknown,
): Promise<Result<FlowActionAnswer, FlowActionInputError>> {
  const parsed = parse(body);
  if (!parsed.ok) return parsed;
  if (kind === 'enroll') {
    const ids = parsed.value.requests.map((r) => r.recordId);
    await fetchUnsynced(deps, installationId, ids).catch((error: unknown) =>
      deps.logger.warn('salesforce: live read of unsynced records failed', {
        installationId,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
  const results: FlowAnswer[] = [];
  for (const r of parsed.value.requests) {
    // The kind is part of the key: an enroll and an unenroll may carry the same interview's id.
    const key = { installationId, callbackId: `salesforce:${kind}:${r.requestId}` };
    results.push(
      await answerOnce(deps, key, `salesforce.${kind}`, (tx) =>
        kind === 'enroll'
          ? decideEnroll(deps, tx, installationId, r)
          : decideUnenroll(deps, tx, installationId, r),
      ),
    );
  }
  return ok(parsed.value.batch ? { results } : (results[0] as FlowAnswer));
}
