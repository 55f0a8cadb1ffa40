import pg from 'pg';
import { loadConfig } from '../../src/config';
import { createDb, type DbHandle } from '../../src/db/client';
import { runMigrations } from '../../src/db/migrate';
import { type Boss, startBoss } from '../../src/jobs/boss';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { createSmtpMailer } from '../../src/mail/transport';
import type { AppDeps } from '../../src/services/deps';

export type Figure = { name: string; value: number; unit: string };

/** What a benchmark gets: a fresh, migrated database of its own on the bench's Postgres server. */
export type BenchEnv = { url: string; log: (line: string) => void };

export type Bench = { name: string; run: (env: BenchEnv) => Promise<Figure[]> };

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  await runMigrations(url);
  return url;
}

export function formatFigure(f: Figure): string {
  const value =
    f.unit === 'ratio' ? f.value.toFixed(3) : f.value >= 100 ? Math.round(f.value) : f.value.toFixed(2);
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
  const loaded = loadConfig({ DATABASE_URL: url, ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') });
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
