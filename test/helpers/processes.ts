import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export type Spawned = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Runs a TypeScript entry with tsx, as `npm start` does, capturing its output. */
export function spawnEntry(entry: string, args: string[], env: Record<string, string>): Spawned {
  return capture(process.execPath, ['--import', 'tsx', path.join(repoRoot, entry), ...args], env, false);
}

/** The real `npm run <script>`; `detached` gives it a process group of its own, as a terminal would. */
export function spawnNpm(
  args: string[],
  env: Record<string, string>,
  options: { detached?: boolean } = {},
): Spawned {
  return capture('npm', args, env, options.detached ?? false);
}

function capture(bin: string, args: string[], env: Record<string, string>, detached: boolean): Spawned {
  const child = spawn(bin, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Waits until the output contains a match, or the process exits, or the deadline passes. */
export async function waitForOutput(
  p: Spawned,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void p.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    const m = p.output().match(pattern);
    if (m) return m;
    if (exited) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${pattern}; output:\n${p.output()}`);
}

/** Whether `pid` runs: a zombie (exited, not yet reaped by its new parent) counts as dead. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
