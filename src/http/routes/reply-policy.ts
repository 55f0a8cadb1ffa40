import { createRoute, z } from '@hono/zod-openapi';
import { getReplyPolicy, updateReplyPolicy } from '../../services/engagement/settings';
import type { App } from '../context';
import { errorResponses, jsonBody, ok } from '../schemas';

const scope = z.enum(['contact', 'enrollment']);

const replyPolicy = z
  .object({
    replyScope: scope.openapi({
      description:
        'A human reply ends every live enrollment of the contact (`contact`) or only the answered one',
    }),
    oooScope: scope.openapi({
      description: 'An out-of-office pauses every live enrollment of the contact or only the answered one',
    }),
    accountStop: z.boolean().openapi({
      description: 'A human reply also ends the enrollments of colleagues at the same company domain',
    }),
  })
  .openapi('ReplyPolicy');

export function registerReplyPolicyRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/settings/reply-policy',
      tags: ['settings'],
      summary: 'What a reply or an out-of-office does beyond the answered enrollment',
      responses: { 200: ok(replyPolicy), ...errorResponses },
    }),
    async (c) => c.json(await getReplyPolicy(c.var.deps.db, c.var.installationId), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/v1/settings/reply-policy',
      tags: ['settings'],
      summary: 'Change the reply policy; absent keys keep their value (a sequence may override it)',
      request: jsonBody(replyPolicy.partial().strict()),
      responses: { 200: ok(replyPolicy), ...errorResponses },
    }),
    async (c) => {
      const patch = c.req.valid('json');
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      return c.json(await updateReplyPolicy(c.var.deps, c.var.installationId, clean), 200);
    },
  );
}
