import { createRoute, z } from '@hono/zod-openapi';
import { syncStatus } from '../../services/crm/sync-status';
import { connectionStatus } from '../../services/hubspot/install';
import type { App } from '../context';
import { errorResponses, ok } from '../schemas';

const when = z.string().nullable();

const objectStatus = z
  .object({
    object: z.string().openapi({ example: 'contacts', description: 'contacts, deals, owners or reconcile' }),
    phase: z.string().openapi({ example: 'backfill', description: '`backfill` until the first pass ends' }),
    done: z.number().int(),
    total: z.number().int().nullable(),
    percent: z.number().nullable(),
    ratePerSecond: z.number().nullable().openapi({ description: 'Records per second of the pass' }),
    etaSeconds: z.number().nullable(),
    skipped: z.number().int().openapi({ description: 'Records the backfill skipped (no email, malformed)' }),
    since: when.openapi({ description: 'Incremental pulls ask for changes from here' }),
    startedAt: when,
    finishedAt: when,
    lastRunAt: when,
    lastError: z.string().nullable(),
  })
  .openapi('CrmObjectSyncStatus');

const status = z
  .object({
    connection: z.object({
      crm: z.string().openapi({ example: 'hubspot' }),
      status: z.enum(['connected', 'disconnected', 'not_connected']),
      portalId: z.string().nullable(),
      reason: z.string().nullable().openapi({ description: 'Why it was disconnected' }),
      since: when,
      tokenExpiresAt: when,
    }),
    sync: z.array(objectStatus),
    outbox: z.object({ pending: z.number().int(), failed: z.number().int() }),
  })
  .openapi('CrmStatus');

export function registerCrmStatusRoutes(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/crm/status',
      tags: ['crm'],
      summary:
        'CRM connection, each object’s sync progress (done/total, rate, ETA, last error) and the outbox backlog',
      security: [{ apiKey: [] }],
      responses: { 200: ok(status), ...errorResponses },
    }),
    async (c) => {
      const { deps, installationId } = c.var;
      const connection = await connectionStatus(deps, installationId);
      const { crm, objects, outbox } = await syncStatus(deps, installationId);
      return c.json({ connection: { crm, ...connection }, sync: objects, outbox }, 200);
    },
  );
}
