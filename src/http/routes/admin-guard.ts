import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { findApiKey } from '../../services/installations';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { errorResponses, errorSchema } from '../schemas';

const callers = new WeakMap<Request, { keyId: string }>();

/**
 * Admin routes: runs after `requireApiKey` (which refuses missing and revoked keys with 401);
 * a `standard` key gets 403. The key id is kept for the audit (`key:<id>`).
 */
export const requireAdminKey = createMiddleware<AppEnv>(async (c, next) => {
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const key = token ? await findApiKey(c.var.deps.db, token) : null;
  if (!key || key.installationId !== c.var.installationId) {
    throw new AppError('unauthorized', 'Invalid or revoked API key');
  }
  if (key.role !== 'admin') throw new AppError('forbidden', 'This route needs an admin API key');
  callers.set(c.req.raw, { keyId: key.id });
  await next();
});

/** Who is calling, for audit rows: `key:<key id>`. */
export function adminActor(c: Context<AppEnv>): string {
  const caller = callers.get(c.req.raw);
  if (!caller) throw new Error('adminActor called on a route without requireAdminKey');
  return `key:${caller.keyId}`;
}

export const adminErrorResponses = {
  ...errorResponses,
  403: { description: 'Not an admin API key', content: { 'application/json': { schema: errorSchema } } },
};

export const adminSecurity = [{ apiKey: [] }];

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
