import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { runWorkflowAction } from '../../../services/hubspot/actions';
import { verifyHubSpotRequest } from '../../../services/hubspot/actions-auth';
import { listSequenceOptions } from '../../../services/hubspot/actions-options';
import type { App, AppEnv } from '../../context';
import { AppError } from '../../errors';
import { readBody } from '../../middleware/body-limit';
import { parseStrictJson } from '../../middleware/strict-json';
import { errorResponses, errorSchema, ok } from '../../schemas';

const actionAnswer = z
  .object({
    outputFields: z.object({
      hs_execution_state: z.enum(['SUCCESS', 'FAIL_CONTINUE']),
      outcome: z.string(),
      reason: z.string(),
      enrollment_id: z.string().optional(),
    }),
  })
  .openapi('HubSpotActionAnswer');

const optionsAnswer = z
  .object({
    options: z.array(z.object({ label: z.string(), value: z.string(), description: z.string() })),
    after: z.string().optional(),
    searchable: z.literal(true),
  })
  .openapi('HubSpotActionOptions');

const notConfigured = {
  description: 'HUBSPOT_CLIENT_SECRET is not set (HubSpot retries later)',
  content: { 'application/json': { schema: errorSchema } },
};
const responses = (schema: z.ZodType, what: string) => ({
  200: ok(schema, what),
  503: notConfigured,
  ...errorResponses,
});
const signed =
  'Signed by HubSpot with `X-HubSpot-Signature` (v2) over the public URL of this endpoint, and with ' +
  '`X-HubSpot-Signature-v3` + `X-HubSpot-Request-Timestamp` when present (both must verify). The body ' +
  'is not declared here on purpose: it is verified as raw bytes before it is parsed.';

/** The raw body, verified against HubSpot's signature before anything in it is looked at. */
async function verifiedBody(c: Context<AppEnv>): Promise<unknown> {
  const deps = c.var.deps;
  const rawBody = c.req.method === 'GET' ? '' : new TextDecoder().decode(await readBody(c));
  const url = new URL(c.req.url);
  // HubSpot signs the URL it called (the public one), not the one this process sees.
  const uri = `${deps.config.publicBaseUrl}${url.pathname}${url.search}`;
  const auth = await verifyHubSpotRequest(deps, {
    method: c.req.method,
    uri,
    rawBody,
    headers: c.req.header(),
  });
  if (!auth.ok)
    throw new AppError(
      auth.error.code === 'not_configured' ? 'unavailable' : 'unauthorized',
      auth.error.message,
    );
  if (c.req.method === 'GET') {
    const q = c.req.query();
    return { portalId: q.portalId, fetchOptions: { q: q.q, after: q.after } };
  }
  const parsed = parseStrictJson(rawBody);
  if (!parsed.ok) throw new AppError('bad_request', parsed.error);
  return parsed.value;
}

const actionRoute = (kind: 'enroll' | 'unenroll', summary: string) =>
  createRoute({
    method: 'post',
    path: `/hubspot/actions/${kind}`,
    tags: ['hubspot'],
    summary,
    description: `HubSpot workflow action (callbackId, origin.portalId, object, inputFields.sequenceId). ${signed} Answered once per callbackId: a retry gets the same answer and changes nothing.`,
    responses: responses(actionAnswer, 'hs_execution_state SUCCESS or FAIL_CONTINUE, with a readable reason'),
  });

const optionsRoute = (method: 'get' | 'post') =>
  createRoute({
    method,
    path: '/hubspot/actions/sequences',
    tags: ['hubspot'],
    summary: 'Options of the workflow action sequence field (published, non-archived sequences)',
    description:
      method === 'post'
        ? `HubSpot's optionsUrl fetch: origin.portalId, inputFieldName, fetchOptions.q (search) and fetchOptions.after (cursor). ${signed}`
        : 'The same list as a signed GET with `portalId`, `q` and `after` in the query.',
    responses: responses(optionsAnswer, 'One page of options; `after` when there are more'),
  });

/** HubSpot's calls into the app for the "Enroll in sequence" / "Unenroll from sequence" actions. */
export function registerHubSpotActionRoutes(app: App): void {
  for (const kind of ['enroll', 'unenroll'] as const) {
    app.openapi(
      actionRoute(kind, kind === 'enroll' ? 'Enroll in sequence' : 'Unenroll from sequence'),
      async (c) => {
        const result = await runWorkflowAction(c.var.deps, kind, await verifiedBody(c));
        if (!result.ok) throw new AppError('validation_failed', result.error.message);
        return c.json(result.value, 200);
      },
    );
  }
  for (const method of ['post', 'get'] as const) {
    app.openapi(optionsRoute(method), async (c) => {
      const result = await listSequenceOptions(c.var.deps, await verifiedBody(c));
      if (!result.ok) throw new AppError('validation_failed', result.error.message);
      return c.json(result.value, 200);
    });
  }
}
