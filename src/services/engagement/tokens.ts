import { legacyLinkMac, linkMac, signLink, verifyLink } from '../../lib/crypto';

/**
 * Signed tokens for links and addresses in our mail. WebCrypto only: tracking and unsubscribe run
 * on Workers too. Every signature covers a purpose prefix, so a token of one kind never passes as
 * another. Signatures use the link-signing key derived from ENCRYPTION_KEY; the MAC of the raw key
 * (mail sent before keys were derived) still verifies, and is never issued.
 */

const encoder = new TextEncoder();
const SEND_ID = /^snd_[a-f0-9]{32}$/;
const INSTALLATION_ID = /^ins_[a-f0-9]{32}$/;

function base64UrlEncode(text: string): string {
  let binary = '';
  for (const b of encoder.encode(text)) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const normal = text.replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const toHex = (mac: Uint8Array, chars: number) =>
  [...mac]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, chars);

/** Lower-case hex HMAC-SHA256, truncated: for e-mail local parts, which some servers lower-case. */
export async function hmacHex(secret: string, message: string, chars = 16): Promise<string> {
  return toHex(await linkMac(secret, message), chars);
}

/** Whether `mac` is the hex MAC of `message`, with the derived key or the legacy raw one. */
async function hexMacMatches(secret: string, message: string, mac: string): Promise<boolean> {
  const current = sameString(toHex(await linkMac(secret, message), mac.length), mac);
  const legacy = sameString(toHex(await legacyLinkMac(secret, message), mac.length), mac);
  return current || legacy;
}

/** Compares without an early exit, so timing does not reveal how much of a signature matched. */
export function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

// --- click links -------------------------------------------------------------------------------

/** `h` is the hidden honeypot link: no person can click it. */
export type LinkRef = number | 'h';
export type ClickToken = { sendId: string; link: LinkRef; url: string };

const clickMessage = (t: ClickToken) => `click:${t.sendId}:${t.link}:${t.url}`;

/** `<sendId>.<link>.<base64url(url)>.<hmac>`: the URL travels signed, so only URLs we put in a mail redirect. */
export async function clickToken(secret: string, t: ClickToken): Promise<string> {
  return `${t.sendId}.${t.link}.${base64UrlEncode(t.url)}.${await signLink(secret, clickMessage(t))}`;
}

export async function verifyClickToken(secret: string, token: string): Promise<ClickToken | null> {
  const [sendId, link, encodedUrl, signature, ...rest] = token.split('.');
  if (rest.length > 0 || !sendId || !link || encodedUrl === undefined || !signature) return null;
  if (!SEND_ID.test(sendId) || !/^(?:\d{1,4}|h)$/.test(link)) return null;
  const url = base64UrlDecode(encodedUrl);
  if (url === null) return null;
  const parsed: ClickToken = { sendId, link: link === 'h' ? 'h' : Number(link), url };
  return (await verifyLink(secret, clickMessage(parsed), signature)) ? parsed : null;
}

// --- open pixel --------------------------------------------------------------------------------

export async function openToken(secret: string, sendId: string): Promise<string> {
  return `${sendId}.${await signLink(secret, `open:${sendId}`)}`;
}

export async function verifyOpenToken(secret: string, token: string): Promise<string | null> {
  const [sendId, signature, ...rest] = token.split('.');
  if (rest.length > 0 || !sendId || !signature || !SEND_ID.test(sendId)) return null;
  return (await verifyLink(secret, `open:${sendId}`, signature)) ? sendId : null;
}

// --- inbound addresses -------------------------------------------------------------------------

/** `reply+<sendId>.<mac>@domain`: a reply to this address names the send it answers. */
export async function replyAddress(secret: string, sendId: string, domain: string): Promise<string> {
  return `reply+${sendId}.${await hmacHex(secret, `reply:${sendId}`)}@${domain}`;
}

/** `in+<installationId>.<mac>@domain`: mail to it is stored for that installation, matched or not. */
export async function installationAddress(
  secret: string,
  installationId: string,
  domain: string,
): Promise<string> {
  return `in+${installationId}.${await hmacHex(secret, `inbound:${installationId}`)}@${domain}`;
}

export type AddressRef = { kind: 'reply'; sendId: string } | { kind: 'installation'; installationId: string };

/** Reads our addresses among recipients; forged or unknown ones are ignored. */
export async function readAddress(secret: string, address: string): Promise<AddressRef | null> {
  const m = /^(reply|in)\+([a-z0-9_]+)\.([a-f0-9]{16})@/i.exec(address.trim().replace(/^<|>$/g, ''));
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const id = m[2].toLowerCase();
  const mac = m[3].toLowerCase();
  if (m[1].toLowerCase() === 'reply') {
    if (!SEND_ID.test(id)) return null;
    return (await hexMacMatches(secret, `reply:${id}`, mac)) ? { kind: 'reply', sendId: id } : null;
  }
  if (!INSTALLATION_ID.test(id)) return null;
  return (await hexMacMatches(secret, `inbound:${id}`, mac))
    ? { kind: 'installation', installationId: id }
    : null;
}
