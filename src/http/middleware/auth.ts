import { createMiddleware } from 'hono/factory';
import { findInstallationByKey } from '../../services/installations';
import type { AppEnv } from '../context';
import { AppError } from '../errors';

/** Per-installation API keys: `Authorization: Bearer tk_...`. Every route below scopes by the result. */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('unauthorized', 'Missing API key: send Authorization: Bearer <key>');
  const installationId = await findInstallationByKey(c.var.deps.db, match[1]);
  if (!installationId) throw new AppError('unauthorized', 'Invalid or revoked API key');
  c.set('installationId', installationId);
  await next();
});
