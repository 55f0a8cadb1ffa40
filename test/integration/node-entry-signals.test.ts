import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processAlive, type Spawned, spawnEntry, spawnNpm, waitForOutput } from '../helpers/processes';

// One data folder for every case: the cluster is created once, later starts reuse it.
const dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-signals-'));
chmodSync(dataDir, 0o755);
const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', SMTP_SINK_PORT: '0', INBOUND_SMTP_PORT: '0' };

function postmasterPid(): number {
  return Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

const alive = processAlive;

function groupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

const apps: Spawned[] = [];

async function started(p: Spawned): Promise<string> {
  apps.push(p);
  const [, port] = await waitForOutput(p, /"url":"http:\/\/127\.0\.0\.1:(\d+)"/, 60_000);
  await waitForOutput(p, /tandem started/);
  return `http://127.0.0.1:${port}`;
}

afterAll(() => {
  // After a failure, nothing of ours keeps running: the app and the postmaster it left.
  for (const app of apps) app.child.kill('SIGKILL');
  const left = (() => {
    try {
      return postmasterPid();
    } catch {
      return 0;
    }
  })();
  if (left && alive(left)) process.kill(left, 'SIGINT');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start, signals and one owner of the embedded Postgres', () => {
  it('a CLI beside the app leaves its Postgres alone; SIGTERM to npm drains and stops it', async () => {
    const app = spawnNpm(['start'], env);
    const base = await started(app);
    const postmaster = postmasterPid();

    const cli = spawnEntry(
      'src/entry/cli.ts',
      ['preview', '--sequence', 'seq_none', '--zone', 'Europe/Berlin'],
      env,
    );
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('No sequence seq_none');
    expect(cli.output()).toContain('embedded postgres joined (already running)');
    expect(alive(postmaster)).toBe(true);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    const bogus = { headers: { authorization: 'Bearer tk_not_a_key' } };
    expect((await fetch(`${base}/v1/sequences`, bogus)).status).toBe(401); // a key lookup in the database
    expect(app.output()).not.toContain('pg-boss error');

    // A second start on the same DATA_DIR joins its Postgres, fails on the busy HTTP port, and leaves.
    const port = new URL(base).port;
    const second = spawnEntry('src/entry/node.ts', [], { ...env, PORT: port, LOG_LEVEL: 'warn' });
    expect(await second.exited).toBe(1);
    expect(second.output().trim().split('\n')).toEqual([
      `Failed to start: PORT ${port} on 127.0.0.1 is already in use (another tandem?): stop it or set PORT`,
    ]);
    expect(alive(postmaster)).toBe(true);
    expect((await fetch(`${base}/ready`)).status).toBe(200);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('"signal":"SIGTERM"');
    expect(app.output()).toContain('stopped: jobs drained, database closed');
    expect(app.output()).not.toContain('stop step failed');
    expect(alive(postmaster)).toBe(false);
  });

  it('Ctrl-C (SIGINT to the whole process group) stops the app first, then its Postgres', async () => {
    const app = spawnNpm(['start'], env, { detached: true });
    await started(app);
    const postmaster = postmasterPid();
    const group = app.child.pid ?? 0;
    // Postgres runs in a session of its own, so the terminal's signal never reaches it.
    expect(groupOf(postmaster)).not.toBe(group);

    process.kill(-group, 'SIGINT');
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain('"signal":"SIGINT"');
    expect(app.output()).toContain('stopped: jobs drained, database closed');
    expect(app.output()).not.toContain('stop step failed');
    expect(app.output()).not.toContain('pg-boss error');
    expect(alive(postmaster)).toBe(false);
  });
});
