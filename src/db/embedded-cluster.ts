import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedPostgresError, FIX_ELSEWHERE, type RunAs } from './embedded-host';

/**
 * Where the cluster of one DATA_DIR lives: `DATA_DIR/pg`, unless the OS user `postgres` (as root)
 * cannot traverse the way there (a project under /root): then a folder of its own in a reachable
 * place, named after DATA_DIR so every process of that DATA_DIR finds the same one.
 */

/** Whether `runAs` can enter `dir`. A spawn's cwd is entered before the uid switch, so `cd` is run as it. */
export function canEnter(runAs: RunAs, dir: string): boolean {
  if (!runAs) return true;
  const result = spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], {
    ...runAs,
    stdio: 'ignore',
    timeout: 10_000,
  });
  return !result.error && result.status === 0;
}

/** The first folder on the way to `dir` that `runAs` cannot traverse, or null when it can reach it. */
export function blockedAncestor(runAs: RunAs, dir: string): string | null {
  if (!runAs || canEnter(runAs, dir)) return null;
  const parts = path.resolve(dir).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const at = `${path.sep}${parts.slice(0, i).join(path.sep)}`;
    if (!canEnter(runAs, at)) return at;
  }
  return dir;
}

function reachableRoots(): string[] {
  return ['/var/lib/tandem', path.join(tmpdir(), 'tandem-data')];
}

export function clusterDir(home: string, runAs: RunAs, log: (line: string) => void): string {
  const own = path.join(home, 'pg');
  const blocked = blockedAncestor(runAs, home);
  if (!blocked) return own;
  if (existsSync(path.join(own, 'PG_VERSION'))) {
    throw new EmbeddedPostgresError(
      `The embedded Postgres data in ${own} is out of reach of the OS user "postgres" (it cannot traverse ${blocked}): run chmod o+x ${blocked}, move the project to a folder every user can traverse, ${FIX_ELSEWHERE}`,
    );
  }
  const name = `${path.basename(home)}-${createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 12)}`;
  for (const root of reachableRoots()) {
    try {
      mkdirSync(root, { recursive: true, mode: 0o755 });
      chmodSync(root, 0o755);
    } catch {
      continue;
    }
    if (!canEnter(runAs, root)) continue;
    const target = path.join(root, name);
    log(
      `DATA_DIR ${home} is under ${blocked}, which the OS user "postgres" cannot traverse: the embedded Postgres keeps its data in ${target} (move the project or set DATABASE_URL to keep it elsewhere)`,
    );
    return target;
  }
  throw new EmbeddedPostgresError(
    `The OS user "postgres" cannot traverse ${blocked} to reach DATA_DIR ${home}, nor any fallback folder: move the project to a folder every user can traverse (not under /root), ${FIX_ELSEWHERE}`,
  );
}
