import { PgBoss } from 'pg-boss';
import { loadConfig } from '../config';
import { createNeonDb, parseNeonWsProxy } from '../db/client-neon';
import { createApp } from '../http/create-app';
import { bossDb } from '../jobs/enqueue';
import { systemClock } from '../lib/clock';
import { createLogger } from '../lib/logger';

type Bindings = Record<string, string | undefined>;

/**
 * Cloudflare Workers: the same Hono app, with a Neon connection per request. Workers only write state
 * and enqueue (pg-boss `send` over the request's connection); the Node worker runs the jobs.
 */
export default {
  async fetch(request: Request, env: Bindings, ctx: { waitUntil(p: Promise<unknown>): void }) {
    const loaded = loadConfig({ ...env, NODE_ENV: env.NODE_ENV ?? 'production' });
    if (!loaded.ok)
      return Response.json({ error: { code: 'internal', message: loaded.error } }, { status: 500 });
    const config = loaded.config;
    // Whatever NODE_ENV says: a Worker has no data directory to keep a generated key in, and
    // without the key no token opens and no link verifies.
    const missing = !config.DATABASE_URL ? 'DATABASE_URL' : !config.ENCRYPTION_KEY ? 'ENCRYPTION_KEY' : null;
    if (missing || !config.DATABASE_URL) {
      return Response.json(
        { error: { code: 'internal', message: `Invalid configuration: ${missing} is required on Workers` } },
        { status: 500 },
      );
    }
    // Production Neon needs nothing; a self-hosted WebSocket proxy (or a test's bridge) is named here.
    const proxy = env.NEON_WS_PROXY ? parseNeonWsProxy(env.NEON_WS_PROXY) : undefined;
    if (proxy && !proxy.ok) {
      const message = `Invalid configuration: ${proxy.error}`;
      return Response.json({ error: { code: 'internal', message } }, { status: 500 });
    }
    const { db, close } = createNeonDb(config.DATABASE_URL, proxy ? { wsProxy: proxy.value } : {});
    // pg-boss never opens a pool of its own here: its queue lookups and sends run on the request's
    // Neon connection (without a `db`, a boss that was never started refuses every send).
    const boss = new PgBoss({
      db: bossDb(db),
      schema: 'pgboss',
      supervise: false,
      schedule: false,
    });
    // A failed send rejects the request's own call; the event must not go unheard.
    boss.on('error', () => {});
    // Steps run in the Node worker; a Worker never talks SMTP.
    const mailer = {
      send: async () => ({ status: 'retry' as const, error: 'no SMTP on Workers' }),
      withSlot: <T>(fn: () => Promise<T>) => fn(),
      withSlots: <T>(_n: number, fn: () => Promise<T>) => fn(),
      slots: 1,
      close: () => {},
    };
    const app = createApp({
      config,
      db,
      boss,
      clock: systemClock,
      logger: createLogger(config.LOG_LEVEL),
      mailer,
    });
    try {
      return await app.fetch(request, env, ctx as never);
    } finally {
      ctx.waitUntil(close());
    }
  },
};
