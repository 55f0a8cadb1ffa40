import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { runFlowAction } from '../../../services/salesforce/actions';
import { enrollOutcomes, MAX_BATCH, unenrollOutcomes } from '../../../services/salesforce/actions-schemas';
import { verifyCallout } from '../../../services/salesforce/callout-secret';
import type { App, AppEnv } from '../../context';
import { AppError } from '../../errors';
import { readBody } from '../../middleware/body-limit';
import { parseStrictJson } from '../../middleware/strict-json';
import { errorResponses, ok } from '../../schemas';

/** How every Salesforce callout (Flow action, card Apex) proves the org; also used by card.ts. */
export const calloutAuth =
  'Sent by the org through its Named Credential: `X-Tandem-Org: <org id>` and either ' +
  '`X-Tandem-Secret: <callout secret>` or `X-Tandem-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>` ' +
  '(within 5 minutes). A missing, wrong or stale proof, or an org that has not installed Tandem, is a 401 and changes nothing.';

/** The raw body (size-limited) and the org it proves, before anything in it is looked at. */
export async function verifiedCallout(
  c: Context<AppEnv>,
  rawBody: string,
): Promise<{ installationId: string }> {
  const auth = await verifyCallout(c.var.deps, { headers: c.req.raw.headers, rawBody });
  if (!auth.ok) throw new AppError('unauthorized', auth.error.message);
  return auth.value;
}

const flowAnswer = (outcomes: readonly [string, ...string[]]) =>
  z.object({
    requestId: z.string(),
    outcome: z.enum(outcomes),
    success: z.boolean(),
    message: z.string(),
    enrollmentId: z.string().optional(),
  });

const actionRoute = (kind: 'enroll' | 'unenroll') => {
  const one = flowAnswer(kind === 'enroll' ? enrollOutcomes : unenrollOutcomes).openapi(
    kind === 'enroll' ? 'SalesforceEnrollAnswer' : 'SalesforceUnenrollAnswer',
  );
  return createRoute({
    method: 'post',
    path: `/salesforce/actions/${kind}`,
    tags: ['salesforce'],
    summary:
      kind === 'enroll'
        ? 'Enroll a Lead or Contact in a sequence (Flow)'
        : 'Unenroll a Lead or Contact (Flow)',
    description:
      `${calloutAuth} Body: \`{"requestId","recordId","sequenceId","flowInterviewId"?}\` or a batch ` +
      `\`{"requests":[...]}\` of up to ${MAX_BATCH}, answered in order as \`{"results":[...]}\`. ` +
      '`recordId` is a 15- or 18-character Lead (00Q) or Contact (003) Id. Answered once per requestId: a ' +
      'retry gets the same answer and changes nothing. Every decision is a 200 with `outcome` and a readable ' +
      '`message`; only a malformed body is a 400. The body is not declared here on purpose: it is verified as ' +
      'raw bytes before it is parsed.',
    responses: {
      200: ok(z.union([one, z.object({ results: z.array(one) })]), 'One answer, or one per request in order'),
      ...errorResponses,
    },
  });
};

/** The org's Flows call these through the Tandem invocable Apex action (or an HTTP Callout action). */
export function registerSalesforceActionRoutes(app: App): void {
  for (const kind of ['enroll', 'unenroll'] as const) {
    app.openapi(actionRoute(kind), async (c) => {
      const rawBody = new TextDecoder().decode(await readBody(c));
      const { installationId } = await verifiedCallout(c, rawBody);
      const json = parseStrictJson(rawBody);
      if (!json.ok) throw new AppError('bad_request', json.error);
      const result = await runFlowAction(c.var.deps, installationId, kind, json.value);
      if (!result.ok) throw new AppError('validation_failed', result.error.message);
      return c.json(result.value, 200);
    });
  }
}
