import { createRoute, z } from '@hono/zod-openapi';
import { listSends, sendStatuses } from '../../services/unknown-sends';
import type { App } from '../context';
import { iso, ok } from '../schemas';
import { adminErrorResponses, adminSecurity, listOf, requireAdminKey } from './admin-guard';

const send = z
  .object({
    id: z.string(),
    enrollmentId: z.string(),
    contactId: z.string(),
    stepKey: z.string(),
    status: z.enum(sendStatuses),
    to: z.string(),
    subject: z.string(),
    messageId: z.string(),
    error: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('Send');

export function registerAdminSendRoutes(app: App): void {
  app.use('/v1/sends', requireAdminKey);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sends',
      tags: ['admin'],
      summary: 'Sends by status; `unknown` ones are never retried automatically, a person decides',
      security: adminSecurity,
      request: {
        query: z.object({
          status: z.enum(sendStatuses).openapi({ example: 'unknown' }),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: { 200: ok(listOf(send)), ...adminErrorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const rows = await listSends(
        c.var.deps,
        { installationId: c.var.installationId },
        { status: query.status, ...(query.limit === undefined ? {} : { limit: query.limit }) },
      );
      const data = rows.map((s) => ({
        id: s.id,
        enrollmentId: s.enrollmentId,
        contactId: s.contactId,
        stepKey: s.stepKey,
        status: s.status,
        to: s.toAddress,
        subject: s.subject,
        messageId: s.messageId,
        error: s.error,
        createdAt: s.createdAt.toISOString(),
        sentAt: iso(s.sentAt),
      }));
      return c.json({ data }, 200);
    },
  );
}
