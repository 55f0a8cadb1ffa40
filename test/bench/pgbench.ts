import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { dropDatabase, emptyDatabase } from './harness';

const run = promisify(execFile);

export const PGBENCH_MISSING =
  'pgbench not found (PGBENCH, PATH, /usr/lib/postgresql/*/bin): install it with `apt-get install postgresql-client` or set PGBENCH=/path/to/pgbench; skipping the pgbench figures';

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** PGBENCH, else `pgbench` on PATH, else the newest `/usr/lib/postgresql/<v>/bin/pgbench`. */
export function findPgbench(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PGBENCH) return isExecutable(env.PGBENCH) ? env.PGBENCH : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, 'pgbench'))) return path.join(dir, 'pgbench');
  }
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  } catch {
    return null;
  }
  for (const v of versions) {
    const file = path.join(root, v, 'bin', 'pgbench');
    if (isExecutable(file)) return file;
  }
  return null;
}

/**
 * pgbench 14+ prints one `tps = N (without initial connection time)`; older ones print it
 * including and excluding connection setup, and the excluding one is the comparable figure.
 */
export function parseTps(output: string): number | null {
  const lines = output.split('\n').filter((l) => l.startsWith('tps = '));
  const line = lines.find((l) => l.includes('excluding')) ?? lines[0];
  const value = line ? Number.parseFloat(line.slice('tps = '.length)) : Number.NaN;
  return Number.isFinite(value) ? value : null;
}

/** libpq's environment for `url`, so no password lands on a command line. */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
}

export type PgbenchOptions = { seconds: number; clients: number; scale: number };

/**
 * `pgbench -N -c <clients> -T <seconds>` (TPC-B without the hot branch/teller updates: one
 * commit of 3 updates and an insert per transaction) on a database of its own on the server at
 * `serverUrl`, initialised with `-i -s <scale>` and dropped afterwards. Returns tps, or null
 * (having logged how to install it) when pgbench is not there.
 */
export async function measurePgbench(
  serverUrl: string,
  options: PgbenchOptions,
  log: (line: string) => void,
): Promise<number | null> {
  const bin = findPgbench();
  if (!bin) {
    log(PGBENCH_MISSING);
    return null;
  }
  const name = 'bench_pgbench';
  const env = libpqEnv(await emptyDatabase(serverUrl, name));
  try {
    log(`${bin} -i -s ${options.scale}`);
    await run(bin, ['-i', '-q', '-s', String(options.scale)], { env, maxBuffer: 16 << 20 });
    log(`${bin} -N -c ${options.clients} -T ${options.seconds}`);
    const { stdout } = await run(bin, ['-N', '-c', String(options.clients), '-T', String(options.seconds)], {
      env,
      maxBuffer: 16 << 20,
    });
    const tps = parseTps(stdout);
    if (tps === null) throw new Error(`no "tps = " line in pgbench output:\n${stdout}`);
    return tps;
  } finally {
    await dropDatabase(serverUrl, name);
  }
}
