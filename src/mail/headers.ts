import { signLink, verifyLink } from '../lib/crypto';

/** `<snd_...@host>`: ours, so replies and bounces carrying it in In-Reply-To/References match the send. */
export function messageIdFor(sendId: string, publicBaseUrl: string): string {
  return `<${sendId}@${new URL(publicBaseUrl).hostname}>`;
}

/** Extracts our send id from any Message-ID-like string we issued. */
export function sendIdFromMessageId(messageId: string): string | null {
  const m = /<?(snd_[a-f0-9]{32})@[^>\s]+>?/.exec(messageId);
  return m?.[1] ?? null;
}

/**
 * Unsubscribe tokens are the send id plus an HMAC, so a link cannot be forged for another send.
 * Signed with the derived link key; tokens in mail sent before it still verify (`verifyLink`).
 */
export async function unsubscribeToken(secret: string, sendId: string): Promise<string> {
  return `${sendId}.${await signLink(secret, `unsubscribe:${sendId}`)}`;
}

export async function verifyUnsubscribeToken(secret: string, token: string): Promise<string | null> {
  const [sendId, signature, ...rest] = token.split('.');
  if (rest.length > 0 || !sendId || !signature || !/^snd_[a-f0-9]{32}$/.test(sendId)) return null;
  return (await verifyLink(secret, `unsubscribe:${sendId}`, signature)) ? sendId : null;
}

export function unsubscribeUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/u/${encodeURIComponent(token)}`;
}

/** RFC 2369 List-Unsubscribe and RFC 8058 one-click POST. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
