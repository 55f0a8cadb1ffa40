import { createRoute, z } from '@hono/zod-openapi';
import {
  type ApiKeySummary,
  issueApiKey,
  type KeyError,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
} from '../../services/api-keys';
import type { App } from '../context';
import { AppError } from '../errors';
import { idParam, iso, jsonBody, ok } from '../schemas';
import { adminErrorResponses, adminSecurity, listOf, requireAdminKey } from './admin-guard';

const role = z.enum(['admin', 'standard']);

const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    role,
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

const newKey = z
  .object({
    id: z.string(),
    key: z.string().openapi({ description: 'Shown once; only its SHA-256 is stored' }),
    role,
    revokedId: z.string().optional(),
  })
  .openapi('NewApiKey');

const toBody = (k: ApiKeySummary) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  createdAt: k.createdAt.toISOString(),
  revokedAt: iso(k.revokedAt),
});

function keyFailure(error: KeyError): AppError {
  return error.code === 'key_revoked'
    ? new AppError('conflict', 'The key is already revoked')
    : new AppError('not_found', 'API key not found');
}

/** Admin keys manage their own installation's keys; another installation's key is "not found". */
export function registerAdminKeyRoutes(app: App): void {
  app.use('/v1/admin/*', requireAdminKey);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/keys',
      tags: ['admin'],
      summary: "List the installation's API keys (revoked ones too)",
      security: adminSecurity,
      responses: { 200: ok(listOf(apiKey)), ...adminErrorResponses },
    }),
    async (c) => {
      const keys = await listApiKeys(c.var.deps, { installationId: c.var.installationId });
      return c.json({ data: keys.map(toBody) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/keys',
      tags: ['admin'],
      summary: 'Create an API key (standard unless asked); the key is shown once',
      security: adminSecurity,
      request: jsonBody(z.object({ name: z.string().min(1).max(200), role: role.optional() })),
      responses: { 201: ok(newKey, 'Created'), ...adminErrorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const created = await issueApiKey(c.var.deps, {
        installationId: c.var.installationId,
        name: body.name,
        role: body.role ?? 'standard',
      });
      return c.json(created, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/admin/keys/{id}',
      tags: ['admin'],
      summary: 'Revoke an API key: it gets 401 from the next request on',
      security: adminSecurity,
      request: { params: idParam('key_...') },
      responses: { 200: ok(apiKey, 'Revoked'), ...adminErrorResponses },
    }),
    async (c) => {
      const result = await revokeApiKey(
        c.var.deps,
        { installationId: c.var.installationId },
        c.req.valid('param').id,
      );
      if (!result.ok) throw keyFailure(result.error);
      return c.json(toBody(result.value), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/keys/{id}/rotate',
      tags: ['admin'],
      summary: 'Rotate an API key: a new key with the same name and role, the old one revoked',
      security: adminSecurity,
      request: { params: idParam('key_...') },
      responses: { 201: ok(newKey, 'Created'), ...adminErrorResponses },
    }),
    async (c) => {
      const result = await rotateApiKey(
        c.var.deps,
        { installationId: c.var.installationId },
        c.req.valid('param').id,
      );
      if (!result.ok) throw keyFailure(result.error);
      return c.json(result.value, 201);
    },
  );
}
