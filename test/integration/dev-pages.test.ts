import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/http/create-app';
import { useTestContext } from '../helpers/context';
import { enrolledSetup, sendFirst } from '../helpers/engagement';

const ctx = useTestContext();

const loopback = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
const remote = { incoming: { socket: { remoteAddress: '203.0.113.9' } } };

function devApp(devPages: boolean) {
  const loaded = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: ctx.url,
    PUBLIC_BASE_URL: 'http://tandem.test',
    ENCRYPTION_KEY: ctx.deps.config.ENCRYPTION_KEY,
    ...(devPages ? { DEV_PAGES: 'true' } : {}),
  });
  if (!loaded.ok) throw new Error(loaded.error);
  return createApp({ ...ctx.deps, config: loaded.config, devMailbox: ctx.sink.messages });
}

async function waitForMail(count: number) {
  for (let i = 0; i < 100 && ctx.sink.messages.length < count; i++)
    await new Promise((r) => setTimeout(r, 20));
  expect(ctx.sink.messages.length).toBeGreaterThanOrEqual(count);
}

describe('developer pages', () => {
  it('answer 404 without DEV_PAGES, even on loopback with a key and a local sink', async () => {
    const app = devApp(false);
    const a = await enrolledSetup(ctx, 'ann@example.com');
    for (const path of ['/dev/mail', '/dev/mail.json', '/dev/anything']) {
      const res = await app.request(path, { headers: { authorization: `Bearer ${a.key}` } }, loopback);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: unknown }).error).toMatchObject({
        code: 'not_found',
        requestId: expect.any(String),
      });
    }
    // The default test app (no sink, no setting) too.
    expect((await ctx.app.request('/dev/mail', {}, loopback)).status).toBe(404);
  });

  it('refuse a non-loopback peer, and a peer the runtime cannot name', async () => {
    const app = devApp(true);
    const a = await enrolledSetup(ctx, 'ann@example.com');
    const headers = { authorization: `Bearer ${a.key}` };
    expect((await app.request('/dev/mail.json', { headers }, remote)).status).toBe(403);
    expect((await app.request('/dev/mail.json', { headers })).status).toBe(403);
  });

  it('need an API key and show only that installation mail', async () => {
    const app = devApp(true);
    const a = await enrolledSetup(ctx, 'ann@example.com');
    const b = await enrolledSetup(ctx, 'bob@example.org');
    await sendFirst(ctx, a.enrollmentId);
    await sendFirst(ctx, b.enrollmentId);
    await waitForMail(2);
    expect((await app.request('/dev/mail.json', {}, loopback)).status).toBe(401);
    expect((await app.request('/dev/mail.json?key=tk_wrong', {}, loopback)).status).toBe(401);

    const mineA = await app.request(
      '/dev/mail.json',
      { headers: { authorization: `Bearer ${a.key}` } },
      loopback,
    );
    expect(mineA.status).toBe(200);
    const bodyA = (await mineA.json()) as { messages: Array<{ to: string[] }> };
    expect(bodyA.messages.map((m) => m.to)).toEqual([['ann@example.com']]);

    const pageB = await app.request(`/dev/mail?key=${encodeURIComponent(b.key)}`, {}, loopback);
    expect(pageB.status).toBe(200);
    const html = await pageB.text();
    expect(html).toContain('bob@example.org');
    expect(html).not.toContain('ann@example.com');
    expect(pageB.headers.get('cache-control')).toContain('no-store');
  });
});
