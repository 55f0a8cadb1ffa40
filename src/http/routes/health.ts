import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { describeError } from '../../lib/logger';
import type { AppDeps } from '../../services/deps';
import { findInstallationByKey } from '../../services/installations';
import type { App } from '../context';

const status = z.object({ status: z.string(), checks: z.record(z.string(), z.string()).optional() });

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness: the process answers',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: status } } } },
});

const ready = createRoute({
  method: 'get',
  path: '/ready',
  tags: ['system'],
  summary: 'Readiness: the database and the job queue answer (which check failed: with an API key)',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: status } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: status } } },
  },
});

/** `ok`, or the failing error's class and pg code: never its message (it may name hosts or values). */
function failed(error: unknown): string {
  const facts = describeError(error);
  return ['error', facts.errorClass, facts.pgCode].filter(Boolean).join(' ');
}

/** Whether the caller holds an API key: only then does `/ready` say which check failed. */
async function isOperator(deps: AppDeps, header: string | undefined): Promise<boolean> {
  const key = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!key) return false;
  return (await findInstallationByKey(deps.db, key).catch(() => null)) !== null;
}

export function registerHealthRoutes(app: App): void {
  app.openapi(health, (c) => c.json({ status: 'ok' }, 200));
  app.openapi(ready, async (c) => {
    const deps = c.var.deps;
    const checks: Record<string, string> = {};
    try {
      await deps.db.execute(sql`select 1`);
      checks.database = 'ok';
    } catch (e) {
      checks.database = failed(e);
    }
    try {
      await deps.boss.getQueue('sequence.sweep');
      checks.queue = 'ok';
    } catch (e) {
      checks.queue = failed(e);
    }
    const okAll = Object.values(checks).every((v) => v === 'ok');
    const status = okAll ? 'ok' : 'unavailable';
    // The public learns ok / not ok; the checks are for whoever holds an API key.
    const body = (await isOperator(deps, c.req.header('authorization'))) ? { status, checks } : { status };
    return c.json(body, okAll ? 200 : 503);
  });
}
