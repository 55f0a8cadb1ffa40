import pg from 'pg';
import { loadConfig } from '../../src/config';
import { createDb, type DbHandle } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';
import { type Boss, startBoss } from '../../src/jobs/boss';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { createSmtpMailer } from '../../src/mail/transport';
import type { AppDeps } from '../../src/services/deps';

/** The encryption key of every bench database (and of the worker processes a bench spawns). */
export const BENCH_KEY = Buffer.alloc(32, 3).toString('base64');

export type Figure = { name: string; value: number; unit: string };

/** What a benchmark gets: the URL of the bench's Postgres server (benches make their own databases on it). */
export type BenchEnv = { url: string; log: (line: string) => void };

export type Bench = { name: string; run: (env: BenchEnv) => Promise<Figure[]> };

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** An empty database `name` on the server (dropped first if a previous run left it). */
export async function emptyDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  return withDatabase(serverUrl, name);
}

/** A copy of database `template` (which must have no open connections) as `name`. */
export async function copyDatabase(serverUrl: string, template: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const url = await emptyDatabase(serverUrl, name);
  await runMigrations(url);
  return url;
}

export function formatFigure(f: Figure): string {
  const value =
    f.unit === 'ratio'
      ? f.value.toFixed(3)
      : f.value >= 100 || Number.isInteger(f.value)
        ? Math.round(f.value)
        : f.value.toFixed(2);
  return `BENCH ${f.name} ${value} ${f.unit}`;
}

/** Runs `work` on `clients` connections at once for `seconds`, and returns operations per second. */
export async function measureRate(
  url: string,
  clients: number,
  seconds: number,
  work: (client: pg.Client, worker: number, i: number) => Promise<void>,
): Promise<number> {
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(
    conns.map(async (c, worker) => {
      let n = 0;
      while (performance.now() < deadline) await work(c, worker, n++);
      return n;
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await Promise.all(conns.map((c) => c.end()));
  return counts.reduce((a, b) => a + b, 0) / elapsed;
}

/** A fresh database with the app's deps on the real clock, as a worker process has them. */
export async function openBenchDeps(
  serverUrl: string,
  name: string,
  smtp: { url: string; connections?: number },
): Promise<{ url: string; handle: DbHandle; boss: Boss; deps: AppDeps }> {
  const url = await freshDatabase(serverUrl, name);
  const handle = createDb(url, { max: 30 });
  const boss = await startBoss(url);
  const loaded = loadConfig({ DATABASE_URL: url, ENCRYPTION_KEY: BENCH_KEY });
  if (!loaded.ok) throw new Error(loaded.error);
  const deps: AppDeps = {
    config: loaded.config,
    db: handle.db,
    boss,
    clock: systemClock,
    logger: silentLogger,
    mailer: createSmtpMailer(smtp.url, smtp.connections),
  };
  return { url, handle, boss, deps };
}

/** A positive number from the environment, else `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/** How long any bench waits for its work before it gives up (BENCH_TIMEOUT_S, default an hour): a safety net against hangs. */
export const benchTimeoutMs = (): number => envNumber('BENCH_TIMEOUT_S', 3600) * 1000;

/** Polls `done` until it holds; throws, saying what it waited for, after `timeoutMs`. */
export async function waitUntil(
  what: string,
  done: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? benchTimeoutMs();
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 20));
  }
}

/** The q-quantile (0..1) of `values`, nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Messages received more than once for one (recipient, step): the step key is the subject's
 * prefix (`only: Hello ...`, see seed.ts).
 */
export function sinkDuplicates(messages: readonly { to: string[]; subject: string }[]): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const m of messages) {
    const key = `${m.to.join(',')}|${m.subject.split(':')[0]}`;
    if (seen.has(key)) duplicates++;
    else seen.add(key);
  }
  return duplicates;
}

/** Send rows beyond the first per (enrollment, step); the unique index should keep this 0. */
export async function sendRowDuplicates(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `select coalesce(sum(c - 1), 0)::int as n
       from (select count(*) as c from sends group by enrollment_id, step_key having count(*) > 1) d`,
  );
  return rows[0]?.n ?? 0;
}
