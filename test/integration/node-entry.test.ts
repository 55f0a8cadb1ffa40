import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { processAlive, spawnEntry, waitForOutput } from '../helpers/processes';

const dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-entry-'));
chmodSync(dataDir, 0o755);

function embeddedUrl(): string {
  const lines = readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  return `postgres://postgres:tandem-embedded@127.0.0.1:${lines[3]}/tandem`;
}

function postmasterPid(): number {
  return Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

const alive = processAlive;

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('node entry on the embedded Postgres', () => {
  const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };

  it('serves /health, survives kill -9 with its data, and stops cleanly on SIGTERM', async () => {
    const first = spawnEntry('src/entry/node.ts', [], env);
    const [, port] = await waitForOutput(first, /"url":"http:\/\/127\.0\.0\.1:(\d+)"/);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);

    const client = new pg.Client({ connectionString: embeddedUrl() });
    await client.connect();
    await client.query(`insert into installations (id, name) values ('ins_survivor', 'Survivor')`);
    await client.end();

    first.child.kill('SIGKILL');
    await first.exited;
    const orphan = postmasterPid();
    expect(alive(orphan)).toBe(true); // the postmaster outlives a SIGKILLed parent

    const second = spawnEntry('src/entry/node.ts', [], env);
    const [, port2] = await waitForOutput(second, /"url":"http:\/\/127\.0\.0\.1:(\d+)"/);
    await waitForOutput(second, /tandem started/);
    expect((await fetch(`http://127.0.0.1:${port2}/health`)).status).toBe(200);
    expect(alive(orphan)).toBe(false);
    const again = new pg.Client({ connectionString: embeddedUrl() });
    await again.connect();
    const { rows } = await again.query(`select name from installations where id = 'ins_survivor'`);
    await again.end();
    expect(rows).toEqual([{ name: 'Survivor' }]);

    const running = postmasterPid();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(alive(running)).toBe(false);
  });

  it('exits non-zero with a one-line error naming a bad variable', async () => {
    const bad = spawnEntry('src/entry/node.ts', [], { ...env, PORT: 'eighty' });
    expect(await bad.exited).not.toBe(0);
    const lines = bad.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
  });

  it('refuses an unknown role', async () => {
    const bad = spawnEntry('src/entry/node.ts', ['--role=banana'], env);
    expect(await bad.exited).not.toBe(0);
    expect(bad.output()).toContain('--role');
  });
});
