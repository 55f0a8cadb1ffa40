import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { engagementEvents, sends } from '../../src/db/schema';
import { clickToken } from '../../src/services/engagement/tokens';
import { useTestContext } from '../helpers/context';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

async function sentMail() {
  const setup = await newInstallation(ctx);
  const seq = await publishedSequence(setup.api, [{ key: 'intro', subject: 'Intro' }]);
  await setup.api.post('/v1/enrollments', {
    sequenceId: seq.sequenceId,
    contact: { email: 'ann@example.com' },
  });
  await drainJobs(ctx);
  const [send] = await ctx.handle.db.select().from(sends);
  const link = async (url: string, link = 0) =>
    `/t/c/${await clickToken(ctx.deps.config.ENCRYPTION_KEY ?? '', { sendId: send!.id, link, url })}`;
  return { ...setup, contactId: send!.contactId, link };
}

const click = async (path: string, userAgent = CHROME) => {
  const res = await ctx.app.request(path, { headers: { 'user-agent': userAgent } });
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
};

describe('tracked sites: the click token travels only to the installation own sites', () => {
  it('validates and normalises site names', async () => {
    const s = await newInstallation(ctx);
    const ok = await s.api.patch('/v1/tracking/settings', {
      trackedSites: ['WWW.Acme.test.', 'acme.test', 'acme.test'],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.trackedSites).toEqual(['www.acme.test', 'acme.test']);
    for (const bad of [['https://acme.test'], ['acme'], ['a b.test'], 'acme.test']) {
      const res = await s.api.patch('/v1/tracking/settings', { trackedSites: bad });
      expect(res.status).toBe(400);
    }
    expect((await s.api.get('/v1/tracking/settings')).body.trackedSites).toEqual([
      'www.acme.test',
      'acme.test',
    ]);
  });

  it('a human click to a tracked site (or its subdomain) carries tdm; other sites get the URL exactly as sent', async () => {
    const s = await sentMail();
    await s.api.patch('/v1/tracking/settings', { trackedSites: ['acme.test'] });
    ctx.clock.advance(20 * 60_000);
    const own = new URL(await click(await s.link('https://www.acme.test/pricing?plan=pro#top')));
    expect(own.origin + own.pathname).toBe('https://www.acme.test/pricing');
    expect(own.searchParams.get('plan')).toBe('pro');
    expect(own.hash).toBe('#top');
    const tdm = own.searchParams.get('tdm');
    expect(tdm).toBeTruthy();
    const signed = 'https://files.partner.test/report.pdf?X-Amz-Signature=abc&X-Amz-Expires=300';
    expect(await click(await s.link(signed, 1))).toBe(signed);
    expect(await click(await s.link('https://notacme.test/x', 2))).toBe('https://notacme.test/x');
    // The snippet on the tracked site sends the token back: the page view is the contact's.
    const pv = await ctx.app.request('/t/pv', {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ token: tdm, url: 'https://www.acme.test/pricing', referrer: null }),
    });
    expect(pv.status).toBe(204);
    const visits = await ctx.handle.db
      .select()
      .from(engagementEvents)
      .where(eq(engagementEvents.type, 'visited'));
    expect(visits.map((v) => [v.contactId, v.url])).toEqual([[s.contactId, 'https://www.acme.test/pricing']]);
  });

  it('without tracked sites, or for a machine click, the destination is unchanged', async () => {
    const s = await sentMail();
    ctx.clock.advance(20 * 60_000);
    expect(await click(await s.link('https://www.acme.test/a'))).toBe('https://www.acme.test/a');
    await s.api.patch('/v1/tracking/settings', { trackedSites: ['acme.test'] });
    const scanner = 'Mozilla/5.0 (compatible; Proofpoint URL Defense)';
    expect(await click(await s.link('https://www.acme.test/b', 1), scanner)).toBe('https://www.acme.test/b');
  });
});
