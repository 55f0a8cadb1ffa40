/**
 * Quoted history in HTML bodies, for text that still carries its markup (a text part that holds
 * HTML, a provider that hands over HTML as the body). mailparser's own conversion of HTML-only mail
 * already prefixes `<blockquote>` lines with `>`; this covers the markup before any conversion.
 *
 * Our own pure code rather than `planer` (MIT), which needs a DOM `Document` for HTML, and
 * `email-reply-parser`, which needs Node built-ins (see reply-text.ts): domain code has neither.
 * Regular expressions on markup are approximate; they only need to find where history starts.
 */

// Markers where the quoted history starts; everything from the first one on is dropped.
const HISTORY_STARTS: readonly RegExp[] = [
  /<div[^>]*\bclass\s*=\s*["'][^"']*\bgmail_quote\b/i, // Gmail
  /<div[^>]*\bid\s*=\s*["']?(?:divRplyFwdMsg|appendonsend)\b/i, // Outlook on the web
  /<blockquote[^>]*\btype\s*=\s*["']?cite\b/i, // Apple Mail, Thunderbird
  /<div[^>]*\bclass\s*=\s*["'][^"']*\b(?:yahoo_quoted|moz-cite-prefix|OutlookMessageHeader)\b/i,
  /<hr[^>]*\bid\s*=\s*["']?stopSpelling\b/i, // older Outlook
];

export function looksLikeHtml(text: string): boolean {
  return /<(?:html|body|div|p|br|blockquote|span|table)\b[^>]*>/i.test(text);
}

/** The HTML before its quoted history, with every remaining `<blockquote>` removed. */
export function stripHtmlQuotes(html: string): string {
  let cut = html.length;
  for (const marker of HISTORY_STARTS) {
    const at = html.search(marker);
    if (at >= 0 && at < cut) cut = at;
  }
  return removeBlockquotes(html.slice(0, cut));
}

function removeBlockquotes(html: string): string {
  let out = html;
  // Innermost first, so nested quotes go with their parent.
  for (let guard = 0; guard < 50; guard++) {
    const next = out.replace(/<blockquote\b[^>]*>(?:(?!<blockquote\b)[\s\S])*?<\/blockquote\s*>/gi, '');
    if (next === out) break;
    out = next;
  }
  // An unclosed quote runs to the end.
  return out.replace(/<blockquote\b[\s\S]*$/i, '');
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Plain text of a fragment of HTML: block elements become line breaks, entities are decoded. */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<(?:style|script|head)\b[\s\S]*?<\/(?:style|script|head)\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<hr\b[^>]*>/gi, '\n-----------------------------------\n')
    .replace(/<\/?(?:p|div|tr|li|h[1-6]|table|ul|ol)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n');
}
