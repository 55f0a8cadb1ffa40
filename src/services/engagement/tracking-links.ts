import type { AppDeps } from '../deps';
import { DEFAULT_TRACKING, getTrackingSettings, type TrackingSettings } from './settings';
import { clickToken, openToken } from './tokens';

const ANCHOR_HREF = /(<a\b[^>]*?\bhref\s*=\s*)("([^"]*)"|'([^']*)')/gi;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** The href as the browser reads it: templates are HTML, so `&amp;` in a link means `&`. */
function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return ENTITIES[lower] ?? whole;
  });
}

function isTrackable(url: string, publicBaseUrl: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false; // mailto:, tel:, anchors stay as they are
  // Never into a Location header: control characters (CR, LF, ...) stay untracked.
  if ([...url].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return false;
  return !url.startsWith(`${publicBaseUrl}/u/`) && !url.startsWith(`${publicBaseUrl}/t/`);
}

/**
 * Rewrites a mail's http(s) links to signed click redirects (`/t/c/<token>`; the token carries the
 * URL under an HMAC, so only URLs of this mail redirect), adds a hidden honeypot link that no person
 * can click (scanner detection) and, when the installation turned it on, the open pixel.
 * Links marked `data-notrack` and the unsubscribe link are left alone.
 */
export async function addTracking(
  deps: AppDeps,
  input: { sendId: string; html: string; installationId?: string; settings?: TrackingSettings },
): Promise<{ html: string }> {
  // A batch of steps reads the settings once and passes them in.
  const settings =
    input.settings ??
    (input.installationId ? await getTrackingSettings(deps.db, input.installationId) : DEFAULT_TRACKING);
  const secret = deps.config.ENCRYPTION_KEY ?? '';
  const base = deps.config.publicBaseUrl;
  let html = input.html;
  if (settings.clickTracking) {
    const found: Array<{ start: number; end: number; prefix: string; url: string }> = [];
    for (const m of html.matchAll(ANCHOR_HREF)) {
      const url = decodeAttribute((m[3] ?? m[4] ?? '').trim());
      if (/\bdata-notrack\b/i.test(m[1] ?? '') || !isTrackable(url, base)) continue;
      found.push({ start: m.index, end: m.index + m[0].length, prefix: m[1] ?? '', url });
    }
    let out = '';
    let at = 0;
    for (const [i, link] of found.entries()) {
      const token = await clickToken(secret, { sendId: input.sendId, link: i, url: link.url });
      out += `${html.slice(at, link.start)}${link.prefix}"${base}/t/c/${token}"`;
      at = link.end;
    }
    html = out + html.slice(at);
    const honeypot = await clickToken(secret, { sendId: input.sendId, link: 'h', url: '' });
    html += `\n<a href="${base}/t/c/${honeypot}" style="display:none;font-size:0;line-height:0;max-height:0;overflow:hidden" aria-hidden="true" tabindex="-1">&#8203;</a>`;
  }
  if (settings.openTracking) {
    const token = await openToken(secret, input.sendId);
    html += `\n<img src="${base}/t/o/${token}.gif" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">`;
  }
  return { html };
}
