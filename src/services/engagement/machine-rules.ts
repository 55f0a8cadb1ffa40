/**
 * Which tracked opens and clicks a machine made. Pure: the caller passes the request facts and
 * `now`. Machine events are stored (with the reason) but never satisfy a branch or feed a score.
 *
 * Clicks, first rule that applies:
 *  1. `head_request`: link checkers and prefetchers probe with HEAD; a browser never does.
 *  2. `no_user_agent`: every browser sends one.
 *  3. `scanner_user_agent`: security gateways, link previewers, HTTP libraries (list below).
 *  4. `apple_mpp_proxy`: the bare `Mozilla/5.0` of Apple's privacy proxy (no platform, no engine).
 *  5. `too_soon_after_delivery`: within MACHINE_CLICK_SECONDS of the SMTP hand-off; a person has not
 *     opened, read and clicked yet, while gateways scan at delivery.
 *  6. `honeypot_burst`: the send's hidden link (invisible to people) was fetched within
 *     HONEYPOT_BURST_SECONDS; scanners fetch every link of a mail at once. The honeypot hit also
 *     re-flags the send's events of the burst before it.
 * Opens: rules 1-4, then `proxy_soon_after_delivery`: fetched within PROXY_OPEN_SECONDS of delivery
 * by an agent without a platform comment (`Mozilla/5.0 (...)`), which is how image proxies that
 * prefetch on arrival (Apple MPP, gateways) look; a mail client that shows the mail sends its
 * platform. Apple's proxy IP ranges are not available offline, so no IP rule.
 * Gmail's and Yahoo's image proxies fetch when the person opens the mail: they count as human.
 */

export const MACHINE_CLICK_SECONDS = 10;
export const PROXY_OPEN_SECONDS = 60;
export const HONEYPOT_BURST_SECONDS = 120;

export type MachineReason =
  | 'head_request'
  | 'no_user_agent'
  | 'scanner_user_agent'
  | 'apple_mpp_proxy'
  | 'too_soon_after_delivery'
  | 'proxy_soon_after_delivery'
  | 'honeypot_link'
  | 'honeypot_burst';

export type Verdict = { machine: false; reason: null } | { machine: true; reason: MachineReason };

export type TrackingRequest = {
  method: string;
  userAgent: string | null;
  /** When the mail was handed to SMTP (the send's sentAt, else its creation). */
  deliveredAt: Date | null;
  now: Date;
};

const SCANNER_AGENT = new RegExp(
  [
    'bot\\b',
    'crawler',
    'spider',
    'preview',
    'prefetch',
    'scanner',
    'python-',
    'curl/',
    'wget',
    'go-http-client',
    'java/',
    'okhttp',
    'libwww',
    'httpclient',
    'axios',
    'node-fetch',
    'undici',
    'headless',
    'phantomjs',
    'barracuda',
    'mimecast',
    'proofpoint',
    'safelinks',
    'symantec',
    'messagelabs',
    'trend ?micro',
    'sophos',
    'fireeye',
    'forcepoint',
    'ironport',
    'zscaler',
    'ms-office',
    'microsoft office',
    'skypeuripreview',
    'facebookexternalhit',
    'whatsapp',
    'appengine-google',
  ].join('|'),
  'i',
);

const human: Verdict = { machine: false, reason: null };
const machine = (reason: MachineReason): Verdict => ({ machine: true, reason });

function secondsSince(from: Date | null, now: Date): number | null {
  return from ? (now.getTime() - from.getTime()) / 1000 : null;
}

function agentVerdict(req: TrackingRequest): Verdict {
  const agent = req.userAgent?.trim() ?? '';
  if (req.method.toUpperCase() === 'HEAD') return machine('head_request');
  if (agent === '') return machine('no_user_agent');
  if (SCANNER_AGENT.test(agent)) return machine('scanner_user_agent');
  if (agent === 'Mozilla/5.0') return machine('apple_mpp_proxy');
  return human;
}

export function classifyClick(req: TrackingRequest & { honeypotHitAt: Date | null }): Verdict {
  const byAgent = agentVerdict(req);
  if (byAgent.machine) return byAgent;
  const age = secondsSince(req.deliveredAt, req.now);
  if (age !== null && age < MACHINE_CLICK_SECONDS) return machine('too_soon_after_delivery');
  const sinceHoneypot = secondsSince(req.honeypotHitAt, req.now);
  if (sinceHoneypot !== null && Math.abs(sinceHoneypot) <= HONEYPOT_BURST_SECONDS) {
    return machine('honeypot_burst');
  }
  return human;
}

export function classifyOpen(req: TrackingRequest): Verdict {
  const byAgent = agentVerdict(req);
  if (byAgent.machine) return byAgent;
  const age = secondsSince(req.deliveredAt, req.now);
  const hasPlatform = /\(.+\)/.test(req.userAgent ?? '');
  if (age !== null && age < PROXY_OPEN_SECONDS && !hasPlatform) return machine('proxy_soon_after_delivery');
  return human;
}

/** Dedupe buckets: one event per send, link, minute and human/machine. */
export function minuteBucket(at: Date): string {
  return at.toISOString().slice(0, 16);
}
