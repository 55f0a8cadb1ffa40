import { createRoute, z } from '@hono/zod-openapi';
import { verifyV3 } from '../../../../connectors/hubspot/signature';
import { parseWebhookBody } from '../../../../connectors/hubspot/webhook-events';
import { receiveWebhooks } from '../../../services/hubspot/webhook-receive';
import type { App } from '../../context';
import { AppError } from '../../errors';
import { readBody } from '../../middleware/body-limit';
import { errorResponses, errorSchema, ok } from '../../schemas';

const receipt = z
  .object({
    received: z.number().int(),
    stored: z.number().int(),
    duplicates: z.number().int(),
    unknownPortal: z.number().int(),
  })
  .openapi('HubSpotWebhookReceipt');

const notConfigured = {
  description: 'HUBSPOT_CLIENT_SECRET is not set',
  content: { 'application/json': { schema: errorSchema } },
};

/** HubSpot's webhook deliveries (v3-signed, before the API-key guard). */
export function registerHubSpotWebhookRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/hubspot/webhooks',
      tags: ['hubspot'],
      summary: 'Receive HubSpot webhook events (contacts, deals, associations)',
      description:
        'A JSON array of up to 100 HubSpot v3 webhook events, signed with `X-HubSpot-Signature-v3` and ' +
        '`X-HubSpot-Request-Timestamp` (5-minute window) over the public URL of this endpoint. Each event ' +
        'is stored once by its content and applied by the `hubspot.applyWebhooks` job; the answer ' +
        'comes before any of it is applied. The body is not declared here on purpose: it is verified ' +
        'as raw bytes before it is parsed.',
      responses: { 200: ok(receipt, 'Stored'), 503: notConfigured, ...errorResponses },
    }),
    async (c) => {
      const deps = c.var.deps;
      const secret = deps.config.HUBSPOT_CLIENT_SECRET;
      if (!secret) {
        const message = 'HubSpot is not configured (HUBSPOT_CLIENT_SECRET)';
        const error = { code: 'hubspot_not_configured', message, requestId: c.get('requestId') };
        return c.json({ error }, 503);
      }
      const headers = {
        'x-hubspot-signature-v3': c.req.header('x-hubspot-signature-v3'),
        'x-hubspot-request-timestamp': c.req.header('x-hubspot-request-timestamp'),
      };
      // Headers first: an unsigned request is refused before a body byte is read.
      if (!headers['x-hubspot-signature-v3'] || !headers['x-hubspot-request-timestamp'])
        throw new AppError('unauthorized', 'Missing HubSpot signature');
      const rawBody = new TextDecoder().decode(await readBody(c));
      // HubSpot signs the URL it called (the public one), not the one this process sees.
      const url = new URL(c.req.url);
      const uri = `${deps.config.publicBaseUrl}${url.pathname}${url.search}`;
      const check = await verifyV3(secret, { method: 'POST', uri, rawBody, headers }, deps.clock.now());
      if (!check.ok) throw new AppError('unauthorized', `Invalid HubSpot signature (${check.reason})`);
      const parsed = parseWebhookBody(rawBody);
      if (!parsed.ok) throw new AppError('bad_request', parsed.error.message);
      return c.json(await receiveWebhooks(deps, parsed.value), 200);
    },
  );
}
