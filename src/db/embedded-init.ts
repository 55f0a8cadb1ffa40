import { spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Binaries, EmbeddedPostgresError, FIX_ELSEWHERE, type RunAs } from './embedded-host';

/** Creates the cluster with initdb, as the postgres user when we are root. */

// English messages (C locale), so the failing line can be picked out of the output and the log.
export const childEnv = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };

function run(bin: string, args: string[], runAs: RunAs): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      ...(runAs ?? {}),
      cwd: '/',
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      out += String(d);
    });
    child.on('error', (e) =>
      reject(
        new EmbeddedPostgresError(`Cannot run ${bin} (${e.message}): run npm install, ${FIX_ELSEWHERE}`),
      ),
    );
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(lastLine(out)))));
  });
}

export function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines.findLast((l) => /FATAL|ERROR|error|could not/.test(l)) ?? lines.at(-1) ?? '').trim();
}

export async function initCluster(bins: Binaries, dir: string, runAs: RunAs, user: string, password: string) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  // initdb reads the password from a file the postgres user owns, removed right after.
  const pwDir = mkdtempSync(path.join(tmpdir(), 'tandem-pw-'));
  const pwFile = path.join(pwDir, 'pw');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(pwDir, runAs.uid, runAs.gid);
    chownSync(pwFile, runAs.uid, runAs.gid);
  }
  const args = [`--pgdata=${dir}`, '--auth=password', `--username=${user}`, `--pwfile=${pwFile}`];
  try {
    await run(bins.initdb, [...args, '-E', 'UTF8', '--locale=C'], runAs);
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw error;
    throw new EmbeddedPostgresError(
      `The embedded Postgres could not create its data folder ${dir} (${(error as Error).message}): choose a writable DATA_DIR, ${FIX_ELSEWHERE}`,
    );
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
}
