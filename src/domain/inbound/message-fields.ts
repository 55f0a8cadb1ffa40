import type { InboundMessage } from './types';

/** First value of a header (names are lower-cased in InboundMessage), trimmed. */
export function headerValue(msg: InboundMessage, name: string): string | undefined {
  return msg.headers[name.toLowerCase()]?.[0]?.trim();
}

export function hasHeader(msg: InboundMessage, name: string): boolean {
  return (msg.headers[name.toLowerCase()]?.length ?? 0) > 0;
}

/** Parses `Name: value` lines with RFC 5322 folding into lower-cased name -> values. */
export function parseHeaderBlock(block: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const unfolded = block.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const match = /^([!-9;-~]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const name = (match[1] ?? '').toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), (match[2] ?? '').trim()]);
  }
  return fields;
}

/** `<id@host>` form, so ids read from headers compare equal to the ones we sent. */
export function normaliseMessageId(raw: string): string | undefined {
  const inside = /<([^<>\s]+)>/.exec(raw)?.[1] ?? raw.trim().split(/\s+/)[0];
  return inside ? `<${inside}>` : undefined;
}

/** The first `Message-ID:` field in a block of original headers or a bounce body that inlines them. */
export function messageIdIn(text: string): string | undefined {
  const match = /^[ \t]*Message-ID[ \t]*:[ \t]*(\S+)/im.exec(text);
  return match?.[1] ? normaliseMessageId(match[1]) : undefined;
}

const EMAIL =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+/g;

export function emailsIn(text: string): string[] {
  return [...text.matchAll(EMAIL)].map((m) => m[0].toLowerCase().replace(/\.$/, ''));
}

/** Strips the `rfc822;` address-type prefix and angle brackets of DSN recipient fields. */
export function dsnAddress(value: string): string | undefined {
  const address = value.replace(/^[^;]*;/, '').trim();
  return emailsIn(address)[0] ?? (address.replace(/[<>]/g, '') || undefined);
}

/** RFC 3463 enhanced status codes (class.subject.detail) in running text, not parts of IPs or versions. */
export function statusCodesIn(text: string): string[] {
  return [...text.matchAll(/(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/g)].map(
    (m) => `${m[1]}.${m[2]}.${m[3]}`,
  );
}

/** Basic SMTP reply codes (`550 ...`, `421-...`) when no enhanced code is given. */
export function smtpReplyCodesIn(text: string): string[] {
  return [...text.matchAll(/(?<![\d.])([45][0-5]\d)(?=(?: - |[ -])(?:\d\.\d|[A-Za-z<#[]))/g)].map(
    (m) => m[1] ?? '',
  );
}
