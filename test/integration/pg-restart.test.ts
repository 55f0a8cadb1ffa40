import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createDb, type DbHandle } from '../../src/db/client';
import { freePort } from '../../src/db/embedded';
import { runMigrations } from '../../src/db/migrate';
import { enrollments, sends } from '../../src/db/schema';
import { type Boss, startBoss } from '../../src/jobs/boss';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { type SmtpSink, startSmtpSink } from '../../src/mail/smtp-sink';
import { createSmtpMailer } from '../../src/mail/transport';
import { upsertContact } from '../../src/services/contacts';
import type { AppDeps } from '../../src/services/deps';
import { createApiKey, createInstallation } from '../../src/services/installations';
import { enroll } from '../../src/services/sequences/enroll';
import { publishSequence } from '../../src/services/sequences/publish';
import { createSequence } from '../../src/services/sequences/sequences';
import { createTemplate } from '../../src/services/templates';
import { TEST_KEY } from '../helpers/context';
import { type OwnPostgres, startOwnPostgres } from '../helpers/own-postgres';
import { type Spawned, spawnEntry, waitForOutput } from '../helpers/processes';

const CONTACTS = 100;
const STEPS = ['one', 'two', 'three'];
const RESTARTS = Number(process.env.PG_RESTARTS ?? 2);

let pg: OwnPostgres;
let url: string;
let handle: DbHandle;
let boss: Boss;
let sink: SmtpSink;
let apiKey: string;

beforeAll(async () => {
  pg = await startOwnPostgres();
  url = pg.url();
  await runMigrations(url);
  handle = createDb(url, { max: 4 });
  boss = await startBoss(url);
  sink = await startSmtpSink();
}, 60_000);

afterAll(async () => {
  await boss?.stop({ graceful: false, close: true }).catch(() => {});
  await handle?.close().catch(() => {});
  await sink?.stop();
  await pg?.stop();
});

async function seed(): Promise<void> {
  const config = loadConfig({ DATABASE_URL: url, ENCRYPTION_KEY: TEST_KEY });
  if (!config.ok) throw new Error(config.error);
  const deps: AppDeps = {
    config: config.config,
    db: handle.db,
    boss,
    clock: systemClock,
    logger: silentLogger,
    mailer: createSmtpMailer(sink.url),
  };
  const now = new Date();
  const installation = await createInstallation(handle.db, {
    name: 'Restart',
    settings: { minSpacingHours: 0, cap: { count: 1000, days: 1 } },
  });
  apiKey = (await createApiKey(handle.db, { installationId: installation.id, name: 'k', role: 'admin' })).key;
  const steps = [];
  for (const key of STEPS) {
    const t = await createTemplate(
      handle.db,
      installation.id,
      { name: key, subject: `step ${key}`, html: `<p>${key}</p>` },
      now,
    );
    steps.push({ key, kind: 'email', templateId: t.id, delay: { amount: 0, unit: 'minutes' } });
  }
  const seq = await createSequence(
    handle.db,
    installation.id,
    {
      name: 'Restart',
      draft: { steps, cadence: { window: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' } } },
    },
    now,
  );
  const published = await publishSequence(
    handle.db,
    { installationId: installation.id, sequenceId: seq.id },
    now,
  );
  if (!published.ok) throw new Error(JSON.stringify(published.error));
  for (let i = 0; i < CONTACTS; i++) {
    const contact = await upsertContact(handle.db, installation.id, { email: `c${i}@example.com` }, now);
    await enroll(deps, {
      installationId: installation.id,
      contactId: contact.id,
      sequenceId: seq.id,
      source: 'api',
      actor: 'test',
    });
  }
}

/** Polls until `check` holds, or fails with `what` at the deadline. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await Promise.resolve()
      .then(check)
      .catch(() => false))
  ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function isReady(base: string): Promise<boolean> {
  const res = await fetch(`${base}/ready`).catch(() => null);
  return res?.status === 200;
}

describe('a Postgres restart under load', () => {
  it('keeps the app up, answers 503 meanwhile, recovers by itself, and sends every step once', {
    timeout: 150_000,
  }, async () => {
    const t0 = Date.now();
    const phases: string[] = [];
    const mark = (what: string) => phases.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    await seed();
    mark('seeded');
    const port = await freePort();
    const app: Spawned = spawnEntry('src/entry/node.ts', ['--role=all'], {
      DATABASE_URL: url,
      SMTP_URL: sink.url,
      ENCRYPTION_KEY: TEST_KEY,
      PORT: String(port),
      INBOUND_SMTP_PORT: '0',
      WORKER_CONCURRENCY: '8',
      JOB_SUPERVISE_SECONDS: '2',
      LOG_LEVEL: 'info',
    });
    let exitCode: number | null | undefined;
    void app.exited.then((code) => {
      exitCode = code;
    });
    await waitForOutput(app, /tandem started/);
    const base = `http://127.0.0.1:${port}`;

    // Writes in flight the whole time: a loop of POSTs, each answer's status counted.
    const statuses = new Map<number, number>();
    const badBodies: string[] = [];
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        const res = await fetch(`${base}/v1/contacts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email: `w${n++}@writes.example.com` }),
        }).catch(() => null);
        if (!res) continue;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const body = await res.text();
        if (res.status >= 500 && !(res.status === 503 && JSON.parse(body).error?.code === 'unavailable'))
          badBodies.push(`${res.status} ${body}`);
      }
    })();

    const total = CONTACTS * STEPS.length;
    for (let r = 1; r <= RESTARTS; r++) {
      // Restart while steps are being sent: after a share of them went out, well before the end.
      const target = Math.floor((total * r) / (RESTARTS + 2));
      await until(`${target} sends before restart ${r}`, () => sink.messages.length >= target);
      await pg.restart();
      mark(`restart ${r}`);
      expect(exitCode, app.output()).toBeUndefined();
      await until(`/ready after restart ${r}`, () => isReady(base), 60_000);
      mark(`ready ${r}`);
    }

    const completed = async () => {
      const [row] = await handle.db
        .select({ n: sql<number>`count(*)::int` })
        .from(enrollments)
        .where(sql`${enrollments.status} = 'completed'`);
      return (row?.n ?? 0) === CONTACTS;
    };
    await until('every enrollment completed', completed, 90_000);
    mark('completed');
    writing = false;
    await writer;
    expect(exitCode, app.output()).toBeUndefined();
    expect(app.output()).not.toMatch(/Unhandled 'error' event|uncaught/i);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    mark('app stopped');

    const sendRows = await handle.db.select().from(sends);
    const unknown = new Set(
      sendRows.filter((s) => s.status === 'unknown').map((s) => `${s.toAddress}|${s.stepKey}`),
    );
    const received = new Map<string, string[]>();
    for (const m of sink.messages) {
      const to = m.to[0] ?? '';
      received.set(to, [...(received.get(to) ?? []), m.subject.replace('step ', '')]);
    }
    const problems: string[] = [];
    for (let i = 0; i < CONTACTS; i++) {
      const to = `c${i}@example.com`;
      const got = received.get(to) ?? [];
      if (got.join() !== STEPS.filter((s) => got.includes(s)).join()) problems.push(`${to}: got ${got}`);
      for (const step of STEPS) {
        if (!got.includes(step) && !unknown.has(`${to}|${step}`)) problems.push(`${to}: missing ${step}`);
      }
    }
    expect(problems).toEqual([]);
    expect(badBodies).toEqual([]);
    const writes = Object.fromEntries(statuses);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    console.log(
      `pg-restart: ${RESTARTS} restarts, ${sink.messages.length}/${total} delivered, ` +
        `${unknown.size} unknown, writes by status ${JSON.stringify(writes)}; ${phases.join(', ')}`,
    );
  });
});
