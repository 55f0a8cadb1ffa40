import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { engagementEvents, sends } from '../../src/db/schema';
import { clickToken } from '../../src/services/engagement/tokens';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

async function sentMail() {
  const { api } = await newInstallation(ctx);
  const seq = await publishedSequence(api, [{ key: 'intro', subject: 'Intro' }]);
  await api.post('/v1/enrollments', { sequenceId: seq.sequenceId, contact: { email: 'ann@example.com' } });
  await drainJobs(ctx);
  const [send] = await ctx.handle.db.select().from(sends);
  const token = await clickToken(ctx.deps.config.ENCRYPTION_KEY ?? '', {
    sendId: send!.id,
    link: 0,
    url: 'https://acme.test/pricing',
  });
  return { contactId: send!.contactId, token };
}

const pv = (body: unknown) =>
  ctx.app.request('/t/pv', {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://acme.test' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const visits = (contactId: string) =>
  ctx.handle.db.select().from(engagementEvents).where(eq(engagementEvents.contactId, contactId));

describe('/t.js and /t/pv', () => {
  it('serves a small cacheable script that keeps tdm in localStorage and beacons', async () => {
    const res = await ctx.app.request('/t.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/javascript');
    expect(res.headers.get('cache-control')).toContain('max-age');
    const js = await res.text();
    expect(js.length).toBeLessThan(1024);
    expect(js).toContain('localStorage');
    expect(js).toContain('sendBeacon');
    expect(js).toContain('/t/pv');
    expect(js).not.toMatch(/eval|document\.cookie/);
  });

  it('a page view with a signed click token is stored once per contact, url and minute', async () => {
    const { contactId, token } = await sentMail();
    const pre = await ctx.app.request('/t/pv', {
      method: 'OPTIONS',
      headers: { origin: 'https://acme.test' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const view = { token, url: 'https://acme.test/pricing', referrer: null };
    const res = await pv(view);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await pv(view)).status).toBe(204);
    const stored = (await visits(contactId)).filter((e) => e.type === 'visited');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.url).toBe('https://acme.test/pricing');
    ctx.clock.advance(61_000);
    await pv(view);
    expect((await visits(contactId)).filter((e) => e.type === 'visited')).toHaveLength(2);
  });

  it('forged tokens, junk and oversize bodies are 204 and store nothing', async () => {
    const { contactId, token } = await sentMail();
    const before = (await visits(contactId)).length;
    const forged = `${token.slice(0, -2)}xx`;
    for (const body of [
      { token: forged, url: 'https://acme.test/' },
      { token: 'nope', url: 'https://acme.test/' },
      { token, url: 'not a url' },
      'not json{',
      JSON.stringify({ token, url: `https://acme.test/${'x'.repeat(5000)}` }),
    ]) {
      expect((await pv(body)).status).toBe(204);
    }
    expect(await visits(contactId)).toHaveLength(before);
  });
});
