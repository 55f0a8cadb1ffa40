import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeHubSpot, type FakeHubSpot } from '../../connectors/hubspot/fake/index';
import { acquire } from '../../src/db/queries/crm-rate-limit';
import { writeTokens } from '../../src/services/hubspot/token-store';
import { createInstallation } from '../../src/services/installations';
import { TEST_KEY, useTestContext } from '../helpers/context';
import { type Spawned, spawnEntry, waitForOutput } from '../helpers/processes';

const WORKERS = 4;
const CALLS_EACH = 60; // 240 calls: the limiter has to hold everyone back twice
const WINDOW_MS = 10_000;
const MAX = 110;

const ctx = useTestContext();
let fake: FakeHubSpot;
let server: ServerType;
let baseUrl = '';
/** When each API request reached HubSpot (the fake runs on real time here). */
const arrivals: number[] = [];

beforeAll(async () => {
  fake = createFakeHubSpot({
    clientId: 'cid',
    clientSecret: 'sec',
    appId: 7,
    portalId: 42,
    clock: { now: () => Date.now() },
  });
  await new Promise<void>((resolve) => {
    server = serve(
      {
        fetch: (req: Request) => {
          if (new URL(req.url).pathname.startsWith('/crm/')) arrivals.push(Date.now());
          return fake.fetch(req);
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      (info: AddressInfo) => {
        baseUrl = `http://127.0.0.1:${info.port}`;
        resolve();
      },
    );
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The most requests that fell into any window of HubSpot's length, (t - 10 s, t]. */
function busiestWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let from = 0;
  sorted.forEach((t, i) => {
    while ((sorted[from] ?? t) <= t - WINDOW_MS) from += 1;
    most = Math.max(most, i - from + 1);
  });
  return most;
}

describe('the shared HubSpot rate limiter', () => {
  it('records a call or says how long to wait, on the database clock', async () => {
    const inst = await createInstallation(ctx.deps.db, { name: 'p', crm: 'hubspot', externalId: '1' });
    const window = { limit: 3, windowMs: 60_000 };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => acquire(ctx.deps.db, inst.id, 'api', window)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    for (const r of results) if (!r.ok) expect(r.waitMs).toBeGreaterThan(50_000);
  });

  it(`${WORKERS} worker processes pushing at once never exceed ${MAX} requests per 10 s`, async () => {
    const inst = await createInstallation(ctx.deps.db, { name: 'p42', crm: 'hubspot', externalId: '42' });
    const token = 'rate-limit-token';
    fake.state.tokens.set(token, {
      hubId: 42,
      expiresAt: Date.now() + 3_600_000,
      revoked: false,
      scopes: [],
      userId: 1,
    });
    const creds = { accessToken: token, refreshToken: 'unused', hubId: 42, scopes: [] };
    // Real time: the worker processes run on the system clock.
    await writeTokens(ctx.deps, ctx.deps.db, inst.id, creds, new Date(Date.now() + 3_600_000));
    const { contactIds } = fake.seed({ contacts: 5 });
    const dir = mkdtempSync(path.join(tmpdir(), 'hubspot-rl-'));
    const goFile = path.join(dir, 'go');
    const workers: Spawned[] = Array.from({ length: WORKERS }, (_, i) =>
      spawnEntry('test/helpers/hubspot-pusher.ts', [], {
        NODE_ENV: 'test',
        DATABASE_URL: ctx.url,
        ENCRYPTION_KEY: TEST_KEY,
        PUBLIC_BASE_URL: 'http://tandem.test',
        HUBSPOT_API_BASE_URL: baseUrl,
        HUBSPOT_AUTH_BASE_URL: baseUrl,
        INSTALLATION_ID: inst.id,
        CALLS: String(CALLS_EACH),
        LOOPS: '3',
        CONTACT_IDS: contactIds.join(','),
        WORKER: `w${i}`,
        GO_FILE: goFile,
      }),
    );
    try {
      for (const w of workers) await waitForOutput(w, /^ready$/m, 30_000);
      writeFileSync(goFile, 'go');
      const codes = await Promise.all(workers.map((w) => w.exited));
      const outputs = workers.map((w) => w.output());
      expect(codes, outputs.join('\n')).toEqual(Array(WORKERS).fill(0));
      for (const out of outputs) expect(out).toContain(`pushed ok=${CALLS_EACH} failed=0`);
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
    const api = fake.requests().filter((r) => r.path.startsWith('/crm/'));
    expect(api).toHaveLength(WORKERS * CALLS_EACH);
    expect(api.filter((r) => r.status === 429)).toHaveLength(0);
    expect(arrivals).toHaveLength(WORKERS * CALLS_EACH);
    expect(busiestWindow(arrivals)).toBeLessThanOrEqual(MAX);
    // The limiter let them go as fast as allowed: three windows' worth, not a trickle.
    const span = Math.max(...arrivals) - Math.min(...arrivals);
    expect(span).toBeLessThan(4 * WINDOW_MS);
  }, 90_000);
});
