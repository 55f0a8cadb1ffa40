import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runScoreAction } from '../../src/services/scoring/actions';
import { verifyWebhook } from '../../src/services/scoring/webhook-signature';
import { scoringHandlers } from '../../src/worker/scoring-handlers';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';
import {
  actionRows,
  drainScoring,
  publishedModel,
  type Received,
  recordEvent,
  startReceiver,
} from '../helpers/scoring';

// The receiver listens on loopback, which only the operator's allow-list opens to webhooks.
const ctx = useTestContext({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
let closeReceiver = async () => {};
afterEach(async () => closeReceiver());

async function setup(statuses: number[]) {
  const receiver = await startReceiver(statuses);
  closeReceiver = receiver.close;
  const { installationId, api } = await newInstallation(ctx);
  await publishedModel(api, {
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
        actions: [{ type: 'webhook', url: receiver.url }],
      },
    ],
  });
  const created = await api.post('/v1/contacts', {
    email: 'hook@example.com',
    firstName: 'Hana',
    ownerId: 'o-1',
  });
  const contactId = created.body.id as string;
  await recordEvent(ctx, { installationId, contactId, type: 'replied' });
  const secret = (await api.get('/v1/scoring/webhook-secret')).body.secret as string;
  return { receiver, installationId, api, contactId, secret };
}

/** Checks the documented scheme with node's own HMAC, independently of the code that signs. */
function signatureOf(req: Received, secret: string) {
  const header = String(req.headers['x-tandem-signature']);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  expect(match).not.toBeNull();
  const [, t, v1] = match!;
  const expected = createHmac('sha256', secret).update(`${t}.${req.body}`).digest('hex');
  return { t: Number(t), valid: v1 === expected };
}

async function jobState(actionId: string) {
  const { rows } = await ctx.handle.pool.query(
    `select state, start_after > now() as delayed from pgboss.job
     where name = 'scoring.runAction' and data->>'actionId' = $1`,
    [actionId],
  );
  return rows[0] as { state: string; delayed: boolean } | undefined;
}

describe('score webhook action', () => {
  it('is retried after a 500 and delivered once, signed with the installation secret', async () => {
    const { receiver, contactId, secret } = await setup([500]);
    const first = await drainScoring(ctx);
    expect(first.map((r) => [r.name, r.ok])).toEqual([
      ['scoring.recompute', true],
      ['scoring.runAction', false],
    ]);
    const [action] = await actionRows(ctx, contactId);
    expect(action).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' });
    // pg-boss holds the job for its backoff delay.
    expect(await jobState(action!.id)).toEqual({ state: 'retry', delayed: true });

    // The retry, as the worker picks it up once the delay has passed.
    const [retry] = await ctx.boss.fetch('scoring.runAction', { ignoreStartAfter: true });
    expect(retry?.retryCount).toBe(1);
    await scoringHandlers(ctx.deps)['scoring.runAction']?.({ actionId: action!.id }, retry!);
    await ctx.boss.complete('scoring.runAction', retry!.id);
    const [done] = await actionRows(ctx, contactId);
    expect(done).toMatchObject({ status: 'done', attempts: 2, lastError: null });

    expect(receiver.received).toHaveLength(2);
    const [failed, delivered] = receiver.received as [Received, Received];
    for (const req of [failed, delivered]) {
      expect(signatureOf(req, secret)).toEqual({
        t: Math.floor(ctx.clock.now().getTime() / 1000),
        valid: true,
      });
      expect(req.headers['idempotency-key']).toBe(`${contactId}:hot:up:1:0`);
      expect(req.headers['content-type']).toBe('application/json');
    }
    expect(JSON.parse(delivered.body)).toMatchObject({
      id: action!.id,
      type: 'score.threshold_crossed',
      idempotencyKey: `${contactId}:hot:up:1:0`,
      contact: { id: contactId, email: 'hook@example.com', firstName: 'Hana', ownerId: 'o-1' },
      threshold: { id: 'hot', label: 'Hot', direction: 'up', crossingNumber: 1 },
      score: { value: 60 },
    });

    // A duplicate job for a delivered action calls nobody.
    expect(await runScoreAction(ctx.deps, action!.id, { lastAttempt: false })).toBe('skipped');
    expect(await drainScoring(ctx)).toEqual([]);
    expect(receiver.received).toHaveLength(2);
  });

  it('a receiver rejects a replayed or altered delivery', async () => {
    const { receiver, secret } = await setup([]);
    await drainScoring(ctx);
    const [req] = receiver.received as [Received];
    const header = String(req.headers['x-tandem-signature']);
    const now = ctx.clock.now();
    expect(await verifyWebhook(secret, header, req.body, now)).toBe('valid');
    expect(await verifyWebhook(secret, header, req.body, new Date(now.getTime() + 10 * 60_000))).toBe(
      'stale',
    );
    expect(await verifyWebhook(secret, header, req.body.replace('"Hot"', '"Cold"'), now)).toBe('mismatch');
    expect(await verifyWebhook('whsec_other', header, req.body, now)).toBe('mismatch');
    expect(await verifyWebhook(secret, 'v1=abc', req.body, now)).toBe('malformed');
  });

  it('the last attempt marks the action failed instead of retrying', async () => {
    const { receiver, contactId } = await setup([503, 503]);
    await drainScoring(ctx);
    const [action] = await actionRows(ctx, contactId);
    expect(await runScoreAction(ctx.deps, action!.id, { lastAttempt: true })).toBe('failed');
    expect((await actionRows(ctx, contactId))[0]).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: 'HTTP 503',
    });
    expect(receiver.received).toHaveLength(2);
  });

  it('a rotated secret signs later deliveries', async () => {
    const { receiver, api, secret } = await setup([]);
    const rotated = await api.post('/v1/scoring/webhook-secret/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);
    expect((await api.get('/v1/scoring/webhook-secret')).body.secret).toBe(rotated.body.secret);
    await drainScoring(ctx);
    const [req] = receiver.received as [Received];
    expect(signatureOf(req, rotated.body.secret).valid).toBe(true);
    expect(signatureOf(req, secret).valid).toBe(false);
  });

  it('a network error is retried like a 5xx', async () => {
    const { receiver, contactId } = await setup([]);
    await receiver.close();
    closeReceiver = async () => {};
    const ran = await drainScoring(ctx);
    expect(ran.at(-1)).toMatchObject({ name: 'scoring.runAction', ok: false });
    const [action] = await actionRows(ctx, contactId);
    expect(action).toMatchObject({ status: 'pending', attempts: 1 });
    expect(action?.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    expect(await jobState(action!.id)).toEqual({ state: 'retry', delayed: true });
  });

  it('each installation signs with its own secret', async () => {
    const one = await newInstallation(ctx, 'One');
    const two = await newInstallation(ctx, 'Two');
    const a = (await one.api.get('/v1/scoring/webhook-secret')).body.secret;
    const b = (await two.api.get('/v1/scoring/webhook-secret')).body.secret;
    expect(a).toMatch(/^whsec_/);
    expect(a).not.toBe(b);
    expect((await one.api.get('/v1/scoring/webhook-secret')).body.secret).toBe(a);
  });
});
