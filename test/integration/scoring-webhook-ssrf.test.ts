import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreActions } from '../../src/db/schema';
import { postPinned } from '../../src/lib/guarded-fetch';
import { newId } from '../../src/lib/ids';
import type { Logger } from '../../src/lib/logger';
import type { AppDeps } from '../../src/services/deps';
import { runScoreAction } from '../../src/services/scoring/actions';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';
import { actionRows, type Received, startReceiver } from '../helpers/scoring';

// No allow-list: the defaults of a hosted deployment.
const ctx = useTestContext();
let closeReceiver = async () => {};
afterEach(async () => closeReceiver());

/** A name other than localhost that this machine's resolver maps to loopback (/etc/hosts), if any. */
function hostsFileLoopbackName(): string | undefined {
  const lines = readFileSync('/etc/hosts', 'utf8').split('\n');
  for (const line of lines) {
    const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!address?.startsWith('127.')) continue;
    const name = names.find((n) => n !== 'localhost' && !n.endsWith('.localhost'));
    if (name) return name;
  }
  return undefined;
}
const resolvesToLoopback = hostsFileLoopbackName();

/** Every notation of a forbidden target, aimed at the receiver's port where it could reach it. */
function forbiddenUrls(port: number): string[] {
  const urls = [
    `http://127.0.0.1:${port}/hooks/score`, // plaintext loopback: no longer accepted by default
    `https://127.0.0.1:${port}/hooks/score`,
    `http://localhost:${port}/hooks/score`,
    `https://localhost:${port}/hooks/score`,
    `https://foo.localhost:${port}/hooks/score`,
    `https://2130706433:${port}/hooks/score`,
    `https://0x7f.1:${port}/hooks/score`,
    `https://017700000001:${port}/hooks/score`,
    `https://0:${port}/hooks/score`,
    `https://0.0.0.0:${port}/hooks/score`,
    `https://[::1]:${port}/hooks/score`,
    `https://[::]:${port}/hooks/score`,
    `https://[::ffff:127.0.0.1]:${port}/hooks/score`,
    `https://[::127.0.0.1]:${port}/hooks/score`,
    `https://[64:ff9b::127.0.0.1]:${port}/hooks/score`,
    `https://[2002:7f00:1::]:${port}/hooks/score`,
    'https://169.254.169.254/latest/meta-data/iam/security-credentials/?token=secret',
    'https://[::ffff:169.254.169.254]/latest/meta-data/',
    'https://10.0.0.1/hook',
    'https://172.16.0.1/hook',
    'https://192.168.1.1/hook',
    'https://100.64.0.1/hook',
    'https://[fe80::1]/hook',
    'https://[fc00::1]/hook',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://224.0.0.1/hook',
    'https://255.255.255.255/hook',
  ];
  if (resolvesToLoopback) urls.push(`https://${resolvesToLoopback}:${port}/hooks/score`);
  return urls;
}

function draftWith(url: string) {
  return {
    name: 'Hot leads',
    halfLifeDays: null,
    rules: [{ id: 'replied', label: 'Replied', kind: 'event', event: 'email_replied', points: 60 }],
    thresholds: [
      {
        id: 'hot',
        label: 'Hot',
        score: 50,
        hysteresis: 5,
        direction: 'up',
        actions: [
          { type: 'crm_task', subject: 'Call' },
          { type: 'webhook', url },
        ],
      },
    ],
  };
}

async function insertWebhookAction(installationId: string, contactId: string, url: string) {
  const id = newId('act');
  await ctx.handle.db.insert(scoreActions).values({
    id,
    installationId,
    contactId,
    modelVersionId: 'mdv_direct',
    thresholdId: 'hot',
    direction: 'up',
    crossingNumber: 1,
    score: 60,
    idempotencyKey: `${contactId}:hot:up:1:${id}`,
    action: { type: 'webhook', url },
    createdAt: ctx.clock.now(),
  });
  return id;
}

function capturingLogger() {
  const lines: Array<{ msg: string; fields: Record<string, unknown> | undefined }> = [];
  const log = (msg: string, fields?: Record<string, unknown>) => lines.push({ msg, fields });
  const logger: Logger = { debug: log, info: log, warn: log, error: log };
  return { logger, lines };
}

describe('score webhook targets (SSRF)', () => {
  it('refuses every forbidden target at publish, with a 422 naming the field', async () => {
    const receiver = await startReceiver();
    closeReceiver = receiver.close;
    const port = Number(new URL(receiver.url).port);
    const { api } = await newInstallation(ctx);
    const created = await api.post('/v1/scoring/models', {
      name: 'Hot leads',
      draft: draftWith('https://hooks.example.com/x'),
    });
    expect(created.status).toBe(201);
    const modelId = created.body.id as string;
    const accepted: string[] = [];
    for (const url of forbiddenUrls(port)) {
      await api.patch(`/v1/scoring/models/${modelId}`, { draft: draftWith(url) });
      const refused = await api.post(`/v1/scoring/models/${modelId}/publish`);
      if (refused.status !== 422) {
        accepted.push(`${url} -> ${refused.status}`);
        continue;
      }
      expect(refused.body.error.code).toBe('unprocessable');
      expect(refused.body.error.message).toContain('thresholds[0].actions[1].url');
      expect(refused.body.error.details.issues).toEqual([
        { path: 'thresholds[0].actions[1].url', message: expect.stringMatching(/https|must not target/) },
      ]);
    }
    expect(accepted).toEqual([]);
    expect((await api.get(`/v1/scoring/models/${modelId}/versions`)).body.data).toEqual([]);
    expect(receiver.received).toEqual([]);
  });

  it('refuses every forbidden target at delivery for good, and the listener receives nothing', async () => {
    const receiver = await startReceiver();
    closeReceiver = receiver.close;
    const port = Number(new URL(receiver.url).port);
    const { installationId, api } = await newInstallation(ctx);
    const contact = await api.post('/v1/contacts', { email: 'ssrf@example.com' });
    const contactId = contact.body.id as string;
    const { logger, lines } = capturingLogger();
    const deps: AppDeps = { ...ctx.deps, logger };

    const outcomes: Array<[string, string]> = [];
    for (const url of forbiddenUrls(port)) {
      const id = await insertWebhookAction(installationId, contactId, url);
      // Not the last attempt, yet no retry: a refused target can never succeed.
      outcomes.push([url, await runScoreAction(deps, id, { lastAttempt: false })]);
    }
    expect(outcomes.filter(([, outcome]) => outcome !== 'failed')).toEqual([]);
    const rows = await actionRows(ctx, contactId);
    expect(rows).toHaveLength(forbiddenUrls(port).length);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'failed', attempts: 1 });
      expect(row.lastError).toMatch(/^refused: (must be an https URL|must not target a .+ address)/);
      expect(row.lastError).not.toContain('token=secret');
    }
    expect(receiver.received).toEqual([]);

    const refusals = lines.filter((l) => l.msg === 'score webhook refused');
    expect(refusals).toHaveLength(rows.length);
    expect(JSON.stringify(refusals)).not.toContain('token=secret');
    expect(refusals.map((l) => l.fields?.url)).toContain(
      'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
    );
  });

  it('the allow-list lets the self-hosted listener through, over http, once and signed', async () => {
    const receiver = await startReceiver();
    closeReceiver = receiver.close;
    const { installationId, api } = await newInstallation(ctx);
    const contact = await api.post('/v1/contacts', { email: 'allowed@example.com' });
    const contactId = contact.body.id as string;
    const secret = (await api.get('/v1/scoring/webhook-secret')).body.secret as string;
    const deps: AppDeps = { ...ctx.deps, config: { ...ctx.deps.config, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } };

    const id = await insertWebhookAction(installationId, contactId, receiver.url);
    expect(await runScoreAction(deps, id, { lastAttempt: false })).toBe('done');
    expect(await runScoreAction(deps, id, { lastAttempt: false })).toBe('skipped');
    expect(receiver.received).toHaveLength(1);
    const [req] = receiver.received as [Received];
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['x-tandem-signature']));
    expect(match).not.toBeNull();
    const expected = createHmac('sha256', secret).update(`${match![1]}.${req.body}`).digest('hex');
    expect(match![2]).toBe(expected);
    expect(JSON.parse(req.body)).toMatchObject({ id, contact: { id: contactId } });

    // The allow-list names this listener only: other loopback forms stay refused.
    const other = await insertWebhookAction(
      installationId,
      contactId,
      receiver.url.replace('127.0.0.1', 'localhost'),
    );
    expect(await runScoreAction(deps, other, { lastAttempt: false })).toBe('failed');
    expect(receiver.received).toHaveLength(1);
  });

  it('connects to the checked address, never to a second DNS answer, and follows no redirect', async () => {
    const receiver = await startReceiver([302]);
    closeReceiver = receiver.close;
    const port = Number(new URL(receiver.url).port);
    // `rebind.invalid` cannot resolve: reaching the listener proves the pinned address was used.
    const res = await postPinned(
      {
        url: new URL(`http://rebind.invalid:${port}/hooks/score`),
        address: { address: '127.0.0.1', family: 4 },
      },
      { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5000 },
    );
    expect(res.status).toBe(302);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.headers.host).toBe(`rebind.invalid:${port}`);
  });
});
