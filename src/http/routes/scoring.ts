import { createRoute, z } from '@hono/zod-openapi';
import { getContactScore } from '../../services/scoring/contact-score';
import { getWebhookSecret, rotateWebhookSecret } from '../../services/scoring/webhook-secret';
import type { App } from '../context';
import { AppError } from '../errors';
import { errorResponses, idParam, iso, ok } from '../schemas';
import { registerScoringModelRoutes } from './scoring-models';

const contribution = z.object({
  ruleId: z.string(),
  label: z.string(),
  kind: z.enum(['event', 'property']),
  points: z.number(),
  count: z.number(),
  undecayedPoints: z.number(),
  capped: z.boolean(),
});

const contactScore = z
  .object({
    contactId: z.string(),
    modelId: z.string(),
    modelVersionId: z.string(),
    modelVersion: z.number(),
    score: z.number(),
    stored: z.boolean(),
    computedAt: z.string(),
    lastEventAt: z.string().nullable(),
    thresholds: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        score: z.number(),
        state: z.enum(['above', 'below']),
        crossings: z.number(),
      }),
    ),
    topContributions: z.array(contribution),
    explanation: z.array(z.string()),
  })
  .openapi('ContactScore');

const secret = z
  .object({
    secret: z.string(),
    header: z.string(),
    signing: z.string(),
  })
  .openapi('ScoreWebhookSecret');

const secretBody = (value: string) => ({
  secret: value,
  header: 'X-Tandem-Signature: t=<unix seconds>,v1=<signature>',
  signing:
    'signature = lower-case hex of HMAC-SHA256(secret, "<t>.<raw request body>"); reject t older than 5 minutes',
});

export function registerScoringRoutes(app: App): void {
  registerScoringModelRoutes(app);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/contacts/{id}/score',
      tags: ['scoring', 'contacts'],
      summary: "A contact's score, the model version that produced it, and why",
      request: { params: idParam('con_...') },
      responses: { 200: ok(contactScore), ...errorResponses },
    }),
    async (c) => {
      const result = await getContactScore(
        c.var.deps.db,
        { installationId: c.var.installationId, contactId: c.req.valid('param').id },
        c.var.deps.clock.now(),
      );
      if (!result.ok) {
        if (result.error.code === 'contact_not_found') throw new AppError('not_found', 'Contact not found');
        throw new AppError('not_found', 'No scoring model is published for this installation');
      }
      const s = result.value;
      return c.json({ ...s, computedAt: s.computedAt.toISOString(), lastEventAt: iso(s.lastEventAt) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scoring/webhook-secret',
      tags: ['scoring'],
      summary: 'The secret score webhooks are signed with (created on first use)',
      responses: { 200: ok(secret), ...errorResponses },
    }),
    async (c) => {
      const value = await getWebhookSecret(c.var.deps, c.var.deps.db, c.var.installationId);
      return c.json(secretBody(value), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/scoring/webhook-secret/rotate',
      tags: ['scoring'],
      summary: 'Replace the webhook secret; later deliveries are signed with the new one',
      responses: { 200: ok(secret), ...errorResponses },
    }),
    async (c) => {
      const value = await rotateWebhookSecret(c.var.deps, c.var.deps.db, c.var.installationId);
      return c.json(secretBody(value), 200);
    },
  );
}
