import { fork } from 'node:child_process';
import path from 'node:path';

/** The local SMTP server in a process of its own, as a relay is: its parsing is not the worker's CPU. */
export type SinkProcess = { url: string; received: () => number; stop: () => Promise<void> };

export async function startSinkProcess(): Promise<SinkProcess> {
  const child = fork(path.join(import.meta.dirname, 'sink-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let received = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`SMTP sink process exited (${code})`)));
    child.on('message', (m: { url?: string; received?: number }) => {
      if (m.url) resolve(m.url);
      if (typeof m.received === 'number') received = m.received;
    });
  });
  return {
    url,
    received: () => received,
    stop: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
