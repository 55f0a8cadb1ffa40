import { describe, expect, it } from 'vitest';
import { listEvents } from '../../src/db/queries/enrollments';
import { useTestContext } from '../helpers/context';
import { enrollmentRow, eventsOf } from '../helpers/engagement';
import { type Api, drainJobs, newInstallation } from '../helpers/fixtures';

const ctx = useTestContext();

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const APPLE_MAIL = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const PRICING = 'https://example.com/pricing?plan=pro&ref=mail';

async function template(api: Api, name: string, html: string) {
  const res = await api.post('/v1/templates', { name, subject: name, html });
  return res.body.id as string;
}

/** intro (with a link) -> branch on a condition -> hot or cold. */
async function branchingSetup(condition: Record<string, unknown>) {
  const setup = await newInstallation(ctx);
  const { api } = setup;
  const intro = await template(
    api,
    'Intro',
    `<p>Hi {{contact.firstName | "there"}}, see <a href="https://example.com/pricing?plan=pro&amp;ref=mail">pricing</a>, <a href="mailto:sales@example.com">write</a> or <a data-notrack href="https://example.com/private">this</a>.</p>`,
  );
  const hot = await template(api, 'Hot', '<p>Glad you looked</p>');
  const cold = await template(api, 'Cold', '<p>Still there?</p>');
  const seq = await api.post('/v1/sequences', {
    name: 'Branching',
    draft: {
      steps: [
        { key: 'intro', kind: 'email', templateId: intro, delay: { amount: 1, unit: 'days' } },
        {
          key: 'check',
          kind: 'branch',
          delay: { amount: 2, unit: 'days' },
          condition,
          ifTrue: 'hot',
          ifFalse: 'cold',
        },
        { key: 'hot', kind: 'email', templateId: hot, delay: { amount: 0, unit: 'days' }, next: null },
        { key: 'cold', kind: 'email', templateId: cold, delay: { amount: 0, unit: 'days' } },
      ],
    },
  });
  const pub = await api.post(`/v1/sequences/${seq.body.id}/publish`);
  expect(pub.status).toBe(201);
  const enrolled = await api.post('/v1/enrollments', {
    sequenceId: seq.body.id,
    contact: { email: 'ann@example.com', firstName: 'Ann' },
  });
  return {
    ...setup,
    enrollmentId: enrolled.body.enrollment.id as string,
    contactId: enrolled.body.enrollment.contactId as string,
  };
}

function trackedLinks(html: string): string[] {
  return [...html.matchAll(/href="(http:\/\/tandem\.test\/t\/c\/[^"]+)"/g)].map((m) => m[1]!);
}

async function hit(url: string, userAgent: string | null, method = 'GET') {
  return ctx.app.request(url.replace('http://tandem.test', ''), {
    method,
    headers: userAgent === null ? {} : { 'user-agent': userAgent },
  });
}

async function sendIntro(enrollmentId: string) {
  expect(await drainJobs(ctx, 1)).toEqual(['sent']);
  const html = ctx.sink.messages.at(-1)?.html ?? '';
  const [pricing, honeypot, ...rest] = trackedLinks(html);
  expect(rest).toEqual([]);
  return { html, pricing: pricing!, honeypot: honeypot!, e: await enrollmentRow(ctx, enrollmentId) };
}

async function branchOutcome(enrollmentId: string) {
  await drainJobs(ctx);
  const events = await listEvents(ctx.handle.db, enrollmentId);
  return events.find((e) => e.type === 'branch_evaluated');
}

describe('click tracking and branching', () => {
  it('rewrites only the mail links to signed redirects and adds a hidden honeypot', async () => {
    const s = await branchingSetup({ signal: 'clicked', stepKey: 'intro' });
    const { html, pricing, honeypot } = await sendIntro(s.enrollmentId);
    expect(html).not.toContain('https://example.com/pricing');
    expect(html).toContain('href="mailto:sales@example.com"');
    expect(html).toContain('href="https://example.com/private"');
    expect(html).toContain('href="http://tandem.test/u/'); // the unsubscribe link is left alone
    expect(html).toMatch(/<a href="http:\/\/tandem\.test\/t\/c\/[^"]+" style="display:none/);
    ctx.clock.advance(10 * 60_000);
    const res = await hit(pricing, CHROME);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(PRICING);
    expect(honeypot).toContain('.h.');
  });

  it('scanner and Apple-proxy clicks are stored as machine events and do not take a clicked branch', async () => {
    const s = await branchingSetup({ signal: 'clicked', stepKey: 'intro', withinDays: 7 });
    const { pricing } = await sendIntro(s.enrollmentId);
    // A security gateway fetching at delivery, with a browser-like agent.
    expect((await hit(pricing, CHROME)).status).toBe(302);
    ctx.clock.advance(5 * 60_000);
    expect((await hit(pricing, 'Mozilla/5.0')).status).toBe(302); // Apple MPP proxy
    // One event per send, link, minute and kind: the next fetches come a minute apart.
    ctx.clock.advance(60_000);
    expect((await hit(pricing, 'Mozilla/5.0 (compatible; Proofpoint URL Defense)')).status).toBe(302);
    ctx.clock.advance(60_000);
    expect((await hit(pricing, CHROME, 'HEAD')).status).toBe(302);
    expect((await hit(pricing, CHROME, 'HEAD')).status).toBe(302); // same minute: stored once
    const clicks = await eventsOf(ctx, s.contactId, 'clicked');
    expect(clicks.map((c) => [c.machine, c.machineReason])).toEqual([
      [true, 'too_soon_after_delivery'],
      [true, 'apple_mpp_proxy'],
      [true, 'scanner_user_agent'],
      [true, 'head_request'],
    ]);
    expect(clicks[0]).toMatchObject({ url: PRICING, stepKey: 'intro' });
    const decision = await branchOutcome(s.enrollmentId);
    expect(decision?.data).toMatchObject({ taken: false });
    expect(ctx.sink.messages.map((m) => m.subject)).toEqual(['Intro', 'Cold']);
  });

  it('a human click takes the clicked branch', async () => {
    const s = await branchingSetup({ signal: 'clicked', stepKey: 'intro', withinDays: 7 });
    const { pricing } = await sendIntro(s.enrollmentId);
    ctx.clock.advance(20 * 60_000);
    expect((await hit(pricing, CHROME)).headers.get('location')).toBe(PRICING);
    const [click] = await eventsOf(ctx, s.contactId, 'clicked');
    expect(click).toMatchObject({ machine: false, machineReason: null });
    expect((await branchOutcome(s.enrollmentId))?.data).toMatchObject({ taken: true });
    expect(ctx.sink.messages.map((m) => m.subject)).toEqual(['Intro', 'Hot']);
  });

  it('a honeypot hit re-flags the burst of clicks around it as machine', async () => {
    const s = await branchingSetup({ signal: 'clicked', stepKey: 'intro' });
    const { pricing, honeypot } = await sendIntro(s.enrollmentId);
    ctx.clock.advance(60_000);
    await hit(pricing, CHROME); // looks human on its own
    ctx.clock.advance(20_000);
    expect((await hit(honeypot, CHROME)).status).toBe(204); // no person can see this link
    ctx.clock.advance(20_000);
    await hit(pricing, CHROME);
    const clicks = await eventsOf(ctx, s.contactId, 'clicked');
    expect(clicks.map((c) => c.machineReason)).toEqual(['honeypot_burst', 'honeypot_link', 'honeypot_burst']);
    expect((await branchOutcome(s.enrollmentId))?.data).toMatchObject({ taken: false });
  });

  it('the open pixel is off by default; on, Apple-proxy opens are machine and only human opens branch', async () => {
    const off = await branchingSetup({ signal: 'human_open', stepKey: 'intro' });
    const first = await sendIntro(off.enrollmentId);
    expect(first.html).not.toContain('/t/o/');
    await drainJobs(ctx);

    const s = await branchingSetup({ signal: 'human_open', stepKey: 'intro' });
    const on = await s.api.patch('/v1/tracking/settings', { openTracking: true });
    expect(on.body).toEqual({ clickTracking: true, openTracking: true, trackedSites: [] });
    ctx.sink.messages.length = 0;
    const { html } = await sendIntro(s.enrollmentId);
    const pixel = /src="http:\/\/tandem\.test(\/t\/o\/[^"]+\.gif)"/.exec(html)?.[1];
    expect(pixel).toBeDefined();
    ctx.clock.advance(3_000);
    const proxy = await hit(pixel!, 'Mozilla/5.0');
    expect(proxy.status).toBe(200);
    expect(proxy.headers.get('content-type')).toBe('image/gif');
    const [open] = await eventsOf(ctx, s.contactId, 'opened');
    expect(open).toMatchObject({ machine: true, machineReason: 'apple_mpp_proxy' });
    expect((await branchOutcome(s.enrollmentId))?.data).toMatchObject({ taken: false });
  });

  it('a human open (a mail client, minutes after delivery) satisfies human_open', async () => {
    const s = await branchingSetup({ signal: 'human_open' });
    await s.api.patch('/v1/tracking/settings', { openTracking: true });
    const { html } = await sendIntro(s.enrollmentId);
    const pixel = /src="http:\/\/tandem\.test(\/t\/o\/[^"]+\.gif)"/.exec(html)![1]!;
    ctx.clock.advance(30 * 60_000);
    expect((await hit(pixel, APPLE_MAIL)).status).toBe(200);
    expect((await branchOutcome(s.enrollmentId))?.data).toMatchObject({ taken: true });
  });

  it('tracked links are signed: a tampered or foreign token never redirects', async () => {
    const s = await branchingSetup({ signal: 'clicked' });
    const { pricing } = await sendIntro(s.enrollmentId);
    const [sendId, link, , sig] = pricing.split('/t/c/')[1]!.split('.');
    const evil = Buffer.from('https://evil.example/phish').toString('base64url');
    for (const token of [`${sendId}.${link}.${evil}.${sig}`, 'abc', `${sendId}.0.${evil}.AAAA`]) {
      const res = await hit(`/t/c/${token}`, CHROME);
      expect(res.status).toBe(404);
      expect(res.headers.get('location')).toBeNull();
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await hit('/t/o/nope.gif', CHROME)).status).toBe(404);
    expect((await hit(`/t/o/${sendId}.x`, CHROME)).status).toBe(404);
    expect(await eventsOf(ctx, s.contactId)).toEqual([]);
  });

  it('tracking settings: happy, error and security', async () => {
    const s = await newInstallation(ctx);
    expect((await s.api.get('/v1/tracking/settings')).body).toEqual({
      clickTracking: true,
      openTracking: false,
      trackedSites: [],
    });
    expect((await s.api.patch('/v1/tracking/settings', { clickTracking: false })).body).toEqual({
      clickTracking: false,
      openTracking: false,
      trackedSites: [],
    });
    expect((await s.api.patch('/v1/tracking/settings', { pixel: true })).status).toBe(400);
    const anonymous = await ctx.app.request('/v1/tracking/settings');
    expect(anonymous.status).toBe(401);
  });
});
