import { accessSync, constants, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { clusterDir } from './embedded-cluster';
import { EmbeddedPostgresError, FIX_ELSEWHERE, postgresUser, resolveBinaries } from './embedded-host';
import { initCluster } from './embedded-init';
import { addLease, dropLease, liveUsers, withLock } from './embedded-owner';
import {
  PostmasterFailed,
  postmasterRunning,
  type StartArgs,
  startPostmaster,
  stopPostmaster,
} from './embedded-postmaster';

export { EmbeddedPostgresError } from './embedded-host';

/** `joined`: another process of the same DATA_DIR had it running; the last one to stop shuts it down. */
export type EmbeddedDb = { url: string; joined: boolean; stop: () => Promise<void> };

type Options = {
  dataDir: string;
  database?: string;
  /** Throwaway instances (tests, benchmarks) trade durability for speed. */
  durable?: boolean;
  log?: (line: string) => void;
  /** The Postgres distribution folder (bin/, lib/, share/); default: the npm platform package. */
  nativeDir?: string;
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

const urlOf = (port: number, database: string) =>
  `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

function prepareHome(home: string): void {
  try {
    mkdirSync(home, { recursive: true });
    // Leases and the lock live here: a folder we cannot write is found now, not halfway through.
    mkdirSync(path.join(home, 'pg.users'), { recursive: true });
    accessSync(path.join(home, 'pg.users'), constants.W_OK); // a read-only mount of existing folders
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new EmbeddedPostgresError(
      `DATA_DIR ${home} is not writable (${code}): choose a writable DATA_DIR, ${FIX_ELSEWHERE}`,
    );
  }
}

/**
 * The embedded Postgres of `dataDir`, shared by every process that uses that folder: the first one
 * starts it, later ones join the running postmaster (its port from postmaster.pid), the last one
 * to stop shuts it down. A postmaster whose users all died (SIGKILL) is stopped and started anew.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDb> {
  const home = path.resolve(options.dataDir);
  const database = options.database ?? 'tandem';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  prepareHome(home);
  const runAs = postgresUser();
  const bins = await resolveBinaries(runAs, log, options.nativeDir);
  const dir = clusterDir(home, runAs, log);
  const speed = options.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off'] : [];
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=400', ...speed];
  let joined = false;
  const port = await withLock(home, async () => {
    const running = postmasterRunning(dir);
    const others = liveUsers(home).filter((pid) => pid !== process.pid);
    if (running && others.length > 0) {
      addLease(home);
      joined = true;
      return running.port;
    }
    if (running)
      await stopPostmaster(running.pid); // an orphan: its users were killed
    // A pid file left by a postmaster that died with its machine; its pid may belong to another program now.
    else rmSync(path.join(dir, 'postmaster.pid'), { force: true });
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await initCluster(bins, dir, runAs, USER, PASSWORD);
    const started = await startWithFreePort({ bins, dir, runAs, port: 0, flags, logFile: `${dir}.log` });
    addLease(home);
    return started;
  });
  await ensureDatabase(urlOf(port, 'postgres'), database);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await withLock(home, async () => {
      dropLease(home);
      const running = postmasterRunning(dir);
      if (running && liveUsers(home).length === 0) await stopPostmaster(running.pid);
    });
  };
  return { url: urlOf(port, database), joined, stop };
}

/** A port taken between our probe and the postmaster's bind is retried on another free port. */
async function startWithFreePort(args: StartArgs): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      await startPostmaster({ ...args, port }, urlOf(port, 'postgres'));
      return port;
    } catch (error) {
      if (!(error instanceof PostmasterFailed)) throw error;
      const clash = /could not bind|Address already in use/.test(error.log);
      if (clash && attempt < 3) continue;
      throw new EmbeddedPostgresError(
        `The embedded Postgres in ${args.dir} failed to start: ${error.message}; see ${args.logFile}, ${FIX_ELSEWHERE}`,
      );
    }
  }
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
