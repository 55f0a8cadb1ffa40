import type { AppDeps } from '../deps';
import { replyAddress } from './tokens';

/**
 * `Reply-To` for a send when INBOUND_REPLY_DOMAIN is set: `Name <reply+<sendId>.<mac>@domain>`, so
 * a reply that lost its In-Reply-To still names the send. Unset: no Reply-To, replies go to From.
 */
export async function replyToFor(deps: AppDeps, sendId: string): Promise<string | undefined> {
  const domain = deps.config.INBOUND_REPLY_DOMAIN;
  if (!domain) return undefined;
  const address = await replyAddress(deps.config.ENCRYPTION_KEY ?? '', sendId, domain);
  const name = deps.config.SMTP_FROM.replace(/\s*<.*$/, '')
    .replace(/["\\]/g, '')
    .trim();
  return name && name !== deps.config.SMTP_FROM ? `"${name}" <${address}>` : address;
}
