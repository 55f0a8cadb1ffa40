import { createRoute, z } from '@hono/zod-openapi';
import { type LiftError, liftSuppression, listSuppressions } from '../../services/suppressions';
import type { App } from '../context';
import { AppError } from '../errors';
import { idParam, iso, jsonBody, ok } from '../schemas';
import { adminActor, adminErrorResponses, adminSecurity, listOf, requireAdminKey } from './admin-guard';

const suppression = z
  .object({
    id: z.string().openapi({ description: 'The contact id' }),
    email: z.string(),
    reason: z.string(),
    suppressedAt: z.string(),
  })
  .openapi('Suppression');

const lift = z
  .object({
    id: z.string(),
    contactId: z.string(),
    email: z.string(),
    suppressionReason: z.string().nullable(),
    suppressedAt: z.string().nullable(),
    liftedBy: z.string(),
    reason: z.string(),
    liftedAt: z.string(),
  })
  .openapi('SuppressionLift');

function liftFailure(error: LiftError): AppError {
  switch (error.code) {
    case 'contact_not_found':
      return new AppError('not_found', 'Suppressed contact not found');
    case 'not_suppressed':
      return new AppError('conflict', 'The contact is not suppressed');
    case 'reason_required':
      return new AppError('validation_failed', 'A reason is required to lift a suppression');
  }
}

export function registerAdminSuppressionRoutes(app: App): void {
  app.use('/v1/suppressions', requireAdminKey);
  app.use('/v1/suppressions/*', requireAdminKey);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/suppressions',
      tags: ['admin'],
      summary: 'Suppressed contacts (unsubscribed, hard-bounced, complained, manual)',
      security: adminSecurity,
      responses: { 200: ok(listOf(suppression)), ...adminErrorResponses },
    }),
    async (c) => {
      const rows = await listSuppressions(c.var.deps, { installationId: c.var.installationId });
      const data = rows.map((r) => ({
        id: r.contactId,
        email: r.email,
        reason: r.reason,
        suppressedAt: r.suppressedAt.toISOString(),
      }));
      return c.json({ data }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/suppressions/{id}/lift',
      tags: ['admin'],
      summary: 'Lift a suppression; the reason, the key and the time are kept in the audit',
      security: adminSecurity,
      request: {
        params: idParam('con_...'),
        ...jsonBody(z.object({ reason: z.string().trim().min(1).max(1000) })),
      },
      responses: { 200: ok(lift, 'Lifted'), ...adminErrorResponses },
    }),
    async (c) => {
      const result = await liftSuppression(
        c.var.deps,
        { installationId: c.var.installationId },
        { contactId: c.req.valid('param').id, reason: c.req.valid('json').reason, actor: adminActor(c) },
      );
      if (!result.ok) throw liftFailure(result.error);
      const l = result.value;
      return c.json(
        {
          id: l.id,
          contactId: l.contactId,
          email: l.email,
          suppressionReason: l.suppressionReason,
          suppressedAt: iso(l.suppressedAt),
          liftedBy: l.liftedBy,
          reason: l.reason,
          liftedAt: l.liftedAt.toISOString(),
        },
        200,
      );
    },
  );
}
