import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
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
  summary: 'Readiness: the database and the job queue answer',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: status } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: status } } },
  },
});

export function registerHealthRoutes(app: App): void {
  app.openapi(health, (c) => c.json({ status: 'ok' }, 200));
  app.openapi(ready, async (c) => {
    const { db, boss } = c.var.deps;
    const checks: Record<string, string> = {};
    try {
      await db.execute(sql`select 1`);
      checks.database = 'ok';
    } catch (e) {
      checks.database = `error: ${(e as Error).message}`;
    }
    try {
      await boss.getQueue('sequence.sweep');
      checks.queue = 'ok';
    } catch (e) {
      checks.queue = `error: ${(e as Error).message}`;
    }
    const okAll = Object.values(checks).every((v) => v === 'ok');
    return c.json({ status: okAll ? 'ok' : 'unavailable', checks }, okAll ? 200 : 503);
  });
}
