import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/db/client';
import { createApp } from '../../src/http/create-app';
import { startBoss } from '../../src/jobs/boss';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { createSmtpMailer } from '../../src/mail/transport';
import type { AppDeps } from '../../src/services/deps';
import { createInstallation } from '../../src/services/installations';
import { type Bench, freshDatabase } from './harness';
import type { LoadPlan, LoadResult } from './ingest-client';

const CLIENTS = Number(process.env.BENCH_INGEST_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const BATCH = Number(process.env.BENCH_INGEST_BATCH ?? 10);
const SECRET = 'bench-hubspot-secret';
const APP_ID = 4242;
const PORTAL = 777;
const PUBLIC = 'http://tandem.bench';

type Fetch = (request: Request) => Response | Promise<Response>;

/**
 * Webhook ingest through the real app: `POST /hubspot/webhooks` (v3 signature check, strict JSON,
 * content dedupe keys, one insert + the apply job in one transaction) served by @hono/node-server on
 * loopback, against a bare Hono route served the same way, in the same run. The clients are a
 * separate process (ingest-client.ts): CLIENTS keep-alive fetch loops for SECONDS each, after a
 * short warm-up. Every event answered 200 must be a stored row (`ingest_lost_events`).
 * The apply worker does not run: this measures what the web role accepts.
 * Knobs: BENCH_INGEST_CLIENTS, _SECONDS, _BATCH (events per request).
 */
export const bench: Bench = {
  name: 'ingest',
  run: async (env) => {
    const url = await freshDatabase(env.url, 'bench_ingest');
    // As the runtime opens it (src/entry/runtime.ts): a pool of 20.
    const handle = createDb(url, { max: 20 });
    const boss = await startBoss(url);
    const loaded = loadConfig({
      DATABASE_URL: url,
      ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      PUBLIC_BASE_URL: PUBLIC,
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_APP_ID: String(APP_ID),
    });
    if (!loaded.ok) throw new Error(loaded.error);
    const deps: AppDeps = {
      config: loaded.config,
      db: handle.db,
      boss,
      clock: systemClock,
      logger: silentLogger,
      mailer: createSmtpMailer('smtp://127.0.0.1:9'),
    };
    const installation = await createInstallation(handle.db, {
      name: 'Bench',
      crm: 'hubspot',
      externalId: String(PORTAL),
    });
    const app = await listen(createApp(deps).fetch);
    const bareApp = new Hono();
    bareApp.post('/x', (c) => c.json({ ok: true }));
    const bare = await listen(bareApp.fetch);
    try {
      const hook = (run: string) => ({
        secret: SECRET,
        signedUrl: `${PUBLIC}/hubspot/webhooks`,
        portalId: PORTAL,
        appId: APP_ID,
        batch: BATCH,
        run,
      });
      const webhookUrl = `${app.url}/hubspot/webhooks`;
      const warm = await load({
        url: webhookUrl,
        clients: CLIENTS,
        seconds: WARMUP_SECONDS,
        webhook: hook('warm'),
      });
      await load({ url: `${bare.url}/x`, clients: CLIENTS, seconds: WARMUP_SECONDS, webhook: null });
      env.log(`webhooks: ${CLIENTS} clients x ${SECONDS}s, ${BATCH} events per request`);
      const webhook = await load({
        url: webhookUrl,
        clients: CLIENTS,
        seconds: SECONDS,
        webhook: hook('run'),
      });
      env.log(`bare route: ${CLIENTS} clients x ${SECONDS}s`);
      const plain = await load({ url: `${bare.url}/x`, clients: CLIENTS, seconds: SECONDS, webhook: null });
      for (const [name, r] of [
        ['webhook', webhook],
        ['bare', plain],
      ] as const)
        env.log(
          `${name}: ${r.ok} ok, ${r.failed} failed${r.firstFailure ? ` (first: ${r.firstFailure})` : ''}, p50 ${r.p50Ms.toFixed(1)} ms`,
        );

      const { rows } = await handle.pool.query<{ n: number }>(
        'select count(*)::int as n from crm_webhook_events where installation_id = $1',
        [installation.id],
      );
      const accepted = warm.acceptedEvents + webhook.acceptedEvents;
      const stored = rows[0]?.n ?? 0;
      const said = warm.storedEvents + webhook.storedEvents;
      if (said !== accepted) env.log(`answers said ${said} of ${accepted} accepted events were new`);
      const reqPerS = webhook.ok / webhook.seconds;
      const bareReqPerS = plain.ok / plain.seconds;
      return [
        { name: 'ingest_webhook_req_per_s', value: reqPerS, unit: '1/s' },
        { name: 'ingest_webhook_events_per_s', value: webhook.acceptedEvents / webhook.seconds, unit: '1/s' },
        { name: 'ingest_webhook_p99_ms', value: webhook.p99Ms, unit: 'ms' },
        { name: 'ingest_bare_req_per_s', value: bareReqPerS, unit: '1/s' },
        { name: 'ingest_bare_p99_ms', value: plain.p99Ms, unit: 'ms' },
        { name: 'ingest_vs_bare', value: reqPerS / bareReqPerS, unit: 'ratio' },
        { name: 'ingest_webhook_failed', value: webhook.failed, unit: 'requests' },
        { name: 'ingest_lost_events', value: Math.max(0, accepted - stored), unit: 'events' },
      ];
    } finally {
      await app.close();
      await bare.close();
      await boss.stop({ graceful: true, close: true });
      deps.mailer.close();
      await handle.close();
    }
  },
};

async function listen(fetch: Fetch): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        // Keep-alive sockets of the finished client process are gone; close what is left at once.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** One load run in a child process of its own (the clients' CPU is not the server's event loop). */
function load(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, 'ingest-client.ts'), [], { stdio: 'inherit' });
    child.once('message', (result: LoadResult) => resolve(result));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load client exited ${code}`));
    });
    child.send(plan);
  });
}
