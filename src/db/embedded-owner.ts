import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Who uses the embedded Postgres of one DATA_DIR. Every process that starts or joins the instance
 * leaves a lease (a file named by its pid, holding the process start time so a reused pid does not
 * count) in `pg.users/`; the last one to leave stops the postmaster. A postmaster with no live lease
 * is an orphan (its owner was SIGKILLed) and may be stopped. A lock file serialises the decisions.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process start time from /proc (clock ticks since boot), or '' where /proc is missing. */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null; // exited, not yet reaped
    return fields[19] ?? '';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync('/proc/self') ? null : '';
  }
}

export function isAlive(pid: number, start?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = processStart(pid);
  if (now === null) return false;
  return !start || !now || start === now;
}

function me(): string {
  return `${process.pid} ${processStart(process.pid) ?? ''}`;
}

function parse(text: string): { pid: number; start: string } {
  const [pid, start] = text.trim().split(' ');
  return { pid: Number(pid), start: start ?? '' };
}

export function leaseDir(home: string): string {
  return path.join(home, 'pg.users');
}

/** Removes leases of dead processes and returns the pids of the live ones (this one included). */
export function liveUsers(home: string): number[] {
  const dir = leaseDir(home);
  if (!existsSync(dir)) return [];
  const live: number[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    let lease: { pid: number; start: string };
    try {
      lease = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (isAlive(lease.pid, lease.start)) live.push(lease.pid);
    else rmSync(file, { force: true });
  }
  return live;
}

export function addLease(home: string): void {
  mkdirSync(leaseDir(home), { recursive: true });
  writeFileSync(path.join(leaseDir(home), String(process.pid)), me());
}

export function dropLease(home: string): void {
  rmSync(path.join(leaseDir(home), String(process.pid)), { force: true });
}

/** Runs `fn` holding `home/pg.lock`; a lock left by a dead process is taken over. */
export async function withLock<T>(home: string, fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const file = path.join(home, 'pg.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(file, me(), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid: number; start: string } | null = null;
      try {
        holder = parse(readFileSync(file, 'utf8'));
      } catch {
        continue; // released between our attempts
      }
      if (!isAlive(holder.pid, holder.start)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`process ${holder.pid} holds ${file} for too long`);
      }
      await sleep(25);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
