import { z } from 'zod';

/**
 * What a reply or an out-of-office does beyond the enrollment whose mail was answered.
 * `contact`: every live enrollment of the contact; `enrollment`: only the answered one.
 * `accountStop`: a human reply also ends the enrollments of the contacts at the sender's company
 * domain (never for free-mail domains). Stored under `replyPolicy` in `installations.settings`.
 */
export const replyPolicySchema = z.object({
  replyScope: z.enum(['contact', 'enrollment']).default('contact'),
  oooScope: z.enum(['contact', 'enrollment']).default('contact'),
  accountStop: z.boolean().default(false),
});
export type ReplyPolicy = z.infer<typeof replyPolicySchema>;

/** A sequence's own policy: the keys it sets win over the installation's when its mail is answered. */
export const replyPolicyOverrideSchema = z
  .object({
    replyScope: z.enum(['contact', 'enrollment']),
    oooScope: z.enum(['contact', 'enrollment']),
    accountStop: z.boolean(),
  })
  .partial()
  .strict();
export type ReplyPolicyOverride = z.infer<typeof replyPolicyOverrideSchema>;

export function withOverride(policy: ReplyPolicy, override: unknown): ReplyPolicy {
  const parsed = replyPolicyOverrideSchema.safeParse(override ?? {});
  if (!parsed.success) return policy;
  const set = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return { ...policy, ...set };
}

export const DEFAULT_REPLY_POLICY: ReplyPolicy = {
  replyScope: 'contact',
  oooScope: 'contact',
  accountStop: false,
};

/** Stored JSON -> policy; anything unreadable falls back to the defaults. */
export function toReplyPolicy(stored: unknown): ReplyPolicy {
  const parsed = replyPolicySchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_REPLY_POLICY;
}

// Mailbox providers whose domain says nothing about the sender's company.
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'ymail.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'gmx.com',
  'web.de',
  't-online.de',
  'mail.com',
  'zoho.com',
  'yandex.ru',
  'yandex.com',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'naver.com',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
  'virgilio.it',
  'wp.pl',
  'o2.pl',
  'interia.pl',
  'seznam.cz',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'uol.com.br',
  'bol.com.br',
  'terra.com.br',
]);

/** The company domain of an address, or undefined for free-mail and malformed addresses. */
export function companyDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at < 1) return undefined;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain) || FREE_MAIL.has(domain)) return undefined;
  return domain;
}
