import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { verifyV3 } from '../../../../connectors/hubspot/signature';
import { type CardRef, getCardData, runHubSpotCardAction } from '../../../services/hubspot/card';
import type { App, AppEnv } from '../../context';
import { AppError } from '../../errors';
import { readBody } from '../../middleware/body-limit';
import { errorResponses, ok } from '../../schemas';

const cardSchema = z
  .object({ status: z.enum(['ok', 'not_installed', 'unknown_contact']) })
  .catchall(z.unknown())
  .openapi('HubSpotCard');

const hubId = z.string().regex(/^\d{1,20}$/, 'must be a numeric id');
const refSchema = z.object({ portalId: hubId, objectId: hubId });
const actionSchema = z.strictObject({
  action: z.enum(['pause', 'resume', 'unenroll']),
  enrollmentId: z.string().min(1).max(64),
});

const signed =
  'Called by the Tandem card through `hubspot.fetch`: signed by HubSpot (`X-HubSpot-Signature-v3`, ' +
  '`X-HubSpot-Request-Timestamp` within 5 minutes); a missing, stale or wrong signature is a 401.';

/**
 * Verifies HubSpot's v3 signature over the public URL HubSpot called (PUBLIC_BASE_URL + path and
 * query as received: behind a proxy the request URL is not the one signed), then reads the
 * portal and record from the signed query. A repeated `portalId` must agree with itself.
 */
async function verified(c: Context<AppEnv>, rawBody: string): Promise<CardRef> {
  const deps = c.var.deps;
  const secret = deps.config.HUBSPOT_CLIENT_SECRET;
  if (!secret) throw new AppError('unavailable', 'The HubSpot app is not configured (HUBSPOT_CLIENT_SECRET)');
  const url = new URL(c.req.url);
  const check = await verifyV3(
    secret,
    {
      method: c.req.method,
      uri: `${deps.config.publicBaseUrl}${url.pathname}${url.search}`,
      rawBody,
      headers: c.req.header(),
    },
    deps.clock.now(),
  );
  if (!check.ok) throw new AppError('unauthorized', `HubSpot signature rejected (${check.reason})`);
  const portalIds = new Set(url.searchParams.getAll('portalId'));
  const parsed = refSchema.safeParse({
    portalId: portalIds.size === 1 ? [...portalIds][0] : undefined,
    objectId: url.searchParams.get('objectId') ?? undefined,
  });
  if (!parsed.success) throw new AppError('validation_failed', 'portalId and objectId must be numeric ids');
  return parsed.data;
}

export function registerHubSpotCardRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/hubspot/card',
      tags: ['hubspot'],
      summary: "The card's data for a contact: score, band, trend, reasons, live enrollments and why",
      description: `${signed} Query: \`portalId\`, \`objectId\` (the contact's record id).`,
      responses: { 200: ok(cardSchema), 503: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const ref = await verified(c, '');
      return c.json(await getCardData(c.var.deps, ref), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/hubspot/card/actions',
      tags: ['hubspot'],
      summary: 'Pause, resume or unenroll one of the contact’s enrollments from the card',
      description:
        `${signed} Query as for GET; body \`{"action":"pause"|"resume"|"unenroll","enrollmentId":"enr_..."}\`. ` +
        'Answers the refreshed card.',
      responses: { 200: ok(cardSchema), 503: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const rawBody = new TextDecoder().decode(await readBody(c));
      const ref = await verified(c, rawBody);
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new AppError('bad_request', 'The body must be JSON');
      }
      const body = actionSchema.safeParse(json);
      if (!body.success) throw new AppError('validation_failed', 'action must be pause, resume or unenroll');
      const result = await runHubSpotCardAction(c.var.deps, { ...ref, ...body.data });
      if (result.ok) return c.json(result.value, 200);
      if (result.error.code === 'not_found') throw new AppError('not_found', 'Enrollment not found');
      throw new AppError('invalid_transition', `Not possible while the enrollment is ${result.error.status}`);
    },
  );
}
