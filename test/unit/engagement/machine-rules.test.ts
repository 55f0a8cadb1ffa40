import { describe, expect, it } from 'vitest';
import { classifyClick, classifyOpen, minuteBucket } from '../../../src/services/engagement/machine-rules';
import { oooUntil } from '../../../src/services/engagement/ooo';

const delivered = new Date('2026-03-03T14:00:00Z');
const secondsIn = (seconds: number) => new Date(delivered.getTime() + seconds * 1000);
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const click = (
  userAgent: string | null,
  seconds: number,
  extra: Partial<Parameters<typeof classifyClick>[0]> = {},
) =>
  classifyClick({
    method: 'GET',
    userAgent,
    deliveredAt: delivered,
    now: secondsIn(seconds),
    honeypotHitAt: null,
    ...extra,
  });

describe('machine clicks', () => {
  it('a browser minutes after delivery is a person', () => {
    expect(click(CHROME, 600)).toEqual({ machine: false, reason: null });
  });
  it.each([
    ['Mozilla/5.0', 'apple_mpp_proxy'],
    ['Mozilla/5.0 (compatible; Barracuda Sentinel)', 'scanner_user_agent'],
    ['python-requests/2.31', 'scanner_user_agent'],
    ['Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.5)', 'scanner_user_agent'],
    ['', 'no_user_agent'],
    [null, 'no_user_agent'],
  ])('%s is a machine (%s)', (agent, reason) => {
    expect(click(agent, 600)).toEqual({ machine: true, reason });
  });
  it('HEAD, a click within seconds of delivery, and a click near a honeypot hit are machines', () => {
    expect(click(CHROME, 600, { method: 'HEAD' }).reason).toBe('head_request');
    expect(click(CHROME, 3).reason).toBe('too_soon_after_delivery');
    expect(click(CHROME, 600, { honeypotHitAt: secondsIn(560) }).reason).toBe('honeypot_burst');
    expect(click(CHROME, 600, { honeypotHitAt: secondsIn(300) }).machine).toBe(false);
  });
});

describe('machine opens', () => {
  const open = (userAgent: string, seconds: number) =>
    classifyOpen({ method: 'GET', userAgent, deliveredAt: delivered, now: secondsIn(seconds) });
  it('Apple MPP proxy (bare Mozilla/5.0) is a machine whenever it fetches', () => {
    expect(open('Mozilla/5.0', 3600).reason).toBe('apple_mpp_proxy');
  });
  it('a platform-less proxy fetching right after delivery is a prefetch; later it is a person', () => {
    expect(open('YahooMailProxy; https://help.yahoo.com', 20).reason).toBe('proxy_soon_after_delivery');
    expect(open('YahooMailProxy; https://help.yahoo.com', 900).machine).toBe(false);
  });
  it('a mail client with its platform is a person, even soon after delivery', () => {
    expect(open('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15', 20).machine).toBe(
      false,
    );
  });
  it('dedupe buckets are minutes', () => {
    expect(minuteBucket(new Date('2026-03-03T14:05:59.999Z'))).toBe('2026-03-03T14:05');
  });
});

describe('out-of-office end', () => {
  const now = new Date('2026-01-08T16:00:00Z'); // Thursday
  it('09:00 on the return date in the contact zone', () => {
    expect(oooUntil('2026-01-12', 'Europe/Berlin', now).toISOString()).toBe('2026-01-12T08:00:00.000Z');
    expect(oooUntil('2026-01-12', null, now).toISOString()).toBe('2026-01-12T09:00:00.000Z');
    expect(oooUntil('2026-01-12', 'Not/AZone', now).toISOString()).toBe('2026-01-12T09:00:00.000Z');
  });
  it('without a date: 5 business days, skipping the weekend', () => {
    expect(oooUntil(undefined, 'UTC', now).toISOString()).toBe('2026-01-15T09:00:00.000Z');
  });
});
