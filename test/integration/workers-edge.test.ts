import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_startWorker } from 'wrangler';
import { webhookHeaders } from '../../connectors/hubspot/fake/signer';
import { loadConfig } from '../../src/config';
import { createDb, type DbHandle } from '../../src/db/client';
import { parseNeonWsProxy } from '../../src/db/client-neon';
import { contacts, crmWebhookEvents, enrollments, sends } from '../../src/db/schema';
import { type Runtime, startRuntime } from '../../src/entry/runtime';
import { silentLogger } from '../../src/lib/logger';
import { type SmtpSink, startSmtpSink } from '../../src/mail/smtp-sink';
import { upsertContact } from '../../src/services/contacts';
import { createApiKey, createInstallation } from '../../src/services/installations';
import { publishSequence } from '../../src/services/sequences/publish';
import { createSequence } from '../../src/services/sequences/sequences';
import { createTemplate } from '../../src/services/templates';
import { TEST_KEY } from '../helpers/context';
import { createTestDatabase } from '../helpers/database';
import { repoRoot } from '../helpers/processes';
import { startWsTcpBridge, type WsTcpBridge } from '../helpers/ws-tcp-bridge';

// The Cloudflare entry (wrangler.toml) in workerd, through the real Neon driver and a local stand-in
// for Neon's WebSocket proxy; the Node worker role (startRuntime, as `--role=worker` runs it) runs what
// it enqueued.

const SECRET = 'hubspot-client-secret';
const APP_ID = '4242';
const PORTAL = 777;
const PUBLIC = 'http://tandem.test';

/** Why workerd cannot start on this machine, or null when it can. */
function workerdProblem(): string | null {
  try {
    // The binary wrangler's Miniflare runs (the `workerd` package's default export is its path).
    const bin = (createRequire(import.meta.url)('workerd') as { default: string }).default;
    const run = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    return run.status === 0 ? null : `workerd --version failed: ${(run.stderr || run.stdout).trim()}`;
  } catch (e) {
    return `workerd is not installed: ${String(e)}`;
  }
}

const problem = workerdProblem();
if (problem) console.warn(`workers-edge: skipped, workerd cannot run here (${problem})`);

let url: string;
let drop: () => Promise<void>;
let handle: DbHandle;
let bridge: WsTcpBridge;
let sink: SmtpSink;
let edge: Awaited<ReturnType<typeof unstable_startWorker>>;
let nodeWorker: Runtime;
const edgeLogs: string[] = [];
const WRANGLER_ENV = { WRANGLER_SEND_METRICS: 'false', CI: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
const savedEnv: Record<string, string | undefined> = {};

/** Wrangler's typed bindings: vars as plain text, secrets as secret text. */
function bindingsOf(plain: Record<string, string>, secret: Record<string, string>) {
  const typed = (type: 'plain_text' | 'secret_text', all: Record<string, string>) =>
    Object.fromEntries(Object.entries(all).map(([k, value]) => [k, { type, value }]));
  return { ...typed('plain_text', plain), ...typed('secret_text', secret) };
}

async function startEdge(): Promise<void> {
  const vars = {
    PUBLIC_BASE_URL: PUBLIC,
    NEON_WS_PROXY: bridge.url,
    HUBSPOT_APP_ID: APP_ID,
    LOG_LEVEL: 'warn',
  };
  const secrets = { DATABASE_URL: url, ENCRYPTION_KEY: TEST_KEY, HUBSPOT_CLIENT_SECRET: SECRET };
  // Not wrangler's createTestHarness: it sends a Worker's outbound requests through Node's fetch,
  // which cannot upgrade to a WebSocket.
  edge = await unstable_startWorker({
    config: path.join(repoRoot, 'wrangler.toml'),
    bindings: bindingsOf(vars, secrets),
    dev: {
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      watch: false,
      persist: false,
      logLevel: 'none',
      structuredLogsHandler: (log: { message: string }) => edgeLogs.push(log.message),
    },
  });
  // The bundle is built and loaded into workerd on the first request; /health needs no database.
  const health = await edge.fetch(`${PUBLIC}/health`);
  if (health.status !== 200) throw new Error(`the Worker did not start: ${await health.text()}`);
}

/** The Node `--role=worker` runtime (as `npm start -- --role=worker` runs it), in this process. */
async function startNodeWorker(): Promise<void> {
  const config = loadConfig({
    DATABASE_URL: url,
    SMTP_URL: sink.url,
    ENCRYPTION_KEY: TEST_KEY,
    HUBSPOT_CLIENT_SECRET: SECRET,
    HUBSPOT_APP_ID: APP_ID,
    INBOUND_SMTP_PORT: '0',
  });
  if (!config.ok) throw new Error(config.error);
  nodeWorker = await startRuntime(config.config, { role: 'worker', listen: false, logger: silentLogger });
}

beforeAll(async () => {
  if (problem) return;
  // Wrangler is told it is in CI: no metrics, no login prompt, no Request.cf download.
  for (const [name, value] of Object.entries(WRANGLER_ENV)) {
    savedEnv[name] = process.env[name];
    process.env[name] = value;
  }
  ({ url, drop } = await createTestDatabase());
  handle = createDb(url, { max: 4 });
  bridge = await startWsTcpBridge();
  sink = await startSmtpSink();
  await Promise.all([startEdge(), startNodeWorker()]);
}, 120_000);

afterAll(async () => {
  if (problem) return;
  await nodeWorker?.stop();
  await edge?.dispose();
  await bridge?.stop();
  await sink?.stop();
  await handle?.close();
  await drop?.();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function seed() {
  const now = new Date();
  const installation = await createInstallation(handle.db, {
    name: 'Edge',
    crm: 'hubspot',
    externalId: String(PORTAL),
    // Any hour, any day: the test is about who runs what, not cadence.
    settings: { minSpacingHours: 0, cap: { count: 100, days: 1 } },
  });
  const { key } = await createApiKey(handle.db, {
    installationId: installation.id,
    name: 'k',
    role: 'admin',
  });
  await upsertContact(
    handle.db,
    installation.id,
    { email: 'ann@example.com', externalId: '501', firstName: 'Ann' },
    now,
  );
  const steps = [];
  for (const [stepKey, delay] of [
    ['one', 0],
    ['two', 3],
  ] as const) {
    const t = await createTemplate(
      handle.db,
      installation.id,
      { name: stepKey, subject: `Edge ${stepKey}`, html: `<p>${stepKey}</p>` },
      now,
    );
    steps.push({ key: stepKey, kind: 'email', templateId: t.id, delay: { amount: delay, unit: 'days' } });
  }
  const window = { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };
  const seq = await createSequence(
    handle.db,
    installation.id,
    { name: 'Edge', draft: { steps, cadence: { window } } },
    now,
  );
  const published = await publishSequence(
    handle.db,
    { installationId: installation.id, sequenceId: seq.id },
    now,
  );
  if (!published.ok) throw new Error(JSON.stringify(published.error));
  return { installationId: installation.id, key, sequenceId: seq.id };
}

/** Waits for a database fact the Node worker produces; the deadline only bounds a failing run. */
async function until<T>(read: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(problem !== null)(
  'the web role on Workers (workerd, Neon driver over a WebSocket bridge)',
  () => {
    it('a signed webhook and an API enrollment through the Worker are run by the Node worker', async () => {
      const s = await seed();

      // (1) A HubSpot delivery, signed over the public URL, stored by the Worker with its apply job.
      const events = JSON.stringify([
        {
          eventId: 1,
          subscriptionId: 11,
          portalId: PORTAL,
          appId: Number(APP_ID),
          occurredAt: Date.now(),
          subscriptionType: 'contact.propertyChange',
          attemptNumber: 0,
          objectId: 501,
          propertyName: 'firstname',
          propertyValue: 'Ada',
          changeSource: 'CRM_UI',
        },
      ]);
      const hook = await edge.fetch(`${PUBLIC}/hubspot/webhooks`, {
        method: 'POST',
        // A broken connection to Postgres hangs the driver: fail in bounded time, not at the test's end.
        signal: AbortSignal.timeout(20_000),
        headers: webhookHeaders(SECRET, `${PUBLIC}/hubspot/webhooks`, events, Date.now()),
        body: events,
      });
      const hookBody = await hook.json();
      if (hook.status !== 200) console.log(edgeLogs.join('\n'));
      expect(hookBody).toEqual({ received: 1, stored: 1, duplicates: 0, unknownPortal: 0 });
      expect(hook.status).toBe(200);

      // (2) An enrollment through the public API: state and its first step job in one transaction.
      const enrolled = await edge.fetch(`${PUBLIC}/v1/enrollments`, {
        method: 'POST',
        signal: AbortSignal.timeout(20_000),
        headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sequenceId: s.sequenceId, contact: { email: 'ann@example.com' } }),
      });
      const body = (await enrolled.json()) as { enrollment: { id: string } };
      expect(enrolled.status).toBe(201);
      const enrollmentId = body.enrollment.id;
      // The Worker reached Postgres only through the bridge: a socket for each request's pool.
      expect(bridge.connections()).toBeGreaterThanOrEqual(2);

      const sent = await until(async () => {
        const [row] = await handle.db.select().from(sends).where(eq(sends.enrollmentId, enrollmentId));
        return row?.status === 'sent' ? row : undefined;
      }, 'the first step to be sent');
      expect(sent).toMatchObject({ stepKey: 'one', toAddress: 'ann@example.com' });
      const mail = await until(async () => sink.messages.find((m) => m.subject === 'Edge one'), 'the mail');
      expect(mail.to).toEqual(['ann@example.com']);
      const [enrollment] = await handle.db.select().from(enrollments).where(eq(enrollments.id, enrollmentId));
      expect(enrollment).toMatchObject({ status: 'active', currentStepKey: 'two' });

      const applied = await until(async () => {
        const [row] = await handle.db.select().from(crmWebhookEvents);
        return row?.processedAt ? row : undefined;
      }, 'the webhook event to be applied');
      expect(applied.outcome).toBe('applied');
      const [ann] = await handle.db.select().from(contacts).where(eq(contacts.externalId, '501'));
      expect(ann?.firstName).toBe('Ada');
      // Exactly one mail: the second step waits its three days.
      expect(sink.messages.map((m) => m.subject)).toEqual(['Edge one']);
      // What the Worker enqueued, the Node worker completed.
      const jobs = await handle.pool.query<{ name: string; state: string }>(
        `select name, state from pgboss.job where state = 'completed'`,
      );
      expect(jobs.rows.map((j) => j.name)).toEqual(
        expect.arrayContaining(['hubspot.applyWebhooks', expect.stringMatching(/^sequence\./)]),
      );
    });

    it('security: the bridge relays to loopback only', async () => {
      const before = bridge.connections();
      const ws = new WebSocket(`${bridge.url}/?address=10.0.0.1:5432`);
      const closed = await new Promise<number>((resolve) =>
        ws.addEventListener('close', (e) => resolve(e.code)),
      );
      expect(closed).toBe(1008);
      expect(bridge.connections()).toBe(before);
    });

    it('error: NEON_WS_PROXY is a ws:// or wss:// URL with no query; anything else is refused by name', () => {
      expect(parseNeonWsProxy('ws://127.0.0.1:8080')).toEqual({
        ok: true,
        value: { secure: false, hostAndPath: '127.0.0.1:8080' },
      });
      expect(parseNeonWsProxy('wss://proxy.example.com/v2')).toEqual({
        ok: true,
        value: { secure: true, hostAndPath: 'proxy.example.com/v2' },
      });
      for (const bad of ['http://x', 'proxy.example.com', 'ws://x/?address=y', 'ws://u:p@x'])
        expect(parseNeonWsProxy(bad)).toMatchObject({
          ok: false,
          error: expect.stringMatching(/^NEON_WS_PROXY /),
        });
    });
  },
);
