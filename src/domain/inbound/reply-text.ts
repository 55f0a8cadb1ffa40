/**
 * The new text of a reply: quoted history, forwarded/original blocks and the signature removed.
 *
 * Hand-written rather than `email-reply-parser`: that package loads through `createRequire` (a Node
 * built-in) and an optional native `re2`, and keeps its patterns in a mutable module singleton, so it
 * cannot live in pure domain code. The quote-header patterns below follow its list (MIT) and talon's.
 */

// "On <date>, <name> wrote:" and its translations; may wrap onto a second line.
const QUOTE_HEADER_START = /^[ \t]*(?:On|Le|El|Em|Am|Op|Il|W dniu|Dnia|Den)\s/;
const QUOTE_HEADER_END =
  /(?:wrote|a écrit|escribió|escreveu|schrieb|schreef|scritto|napisał(?:\(a\))?|pisze|skrev)\s*:?\s*$/;
const SINGLE_LINE_QUOTE_HEADER = [
  /^.{0,200}\s(?:wrote|a écrit|escribió|escreveu|schrieb|schreef|napisał|pisze)\s*:\s*$/,
  // "Am <date> schrieb <name> <email>:" puts the name after the verb.
  /^\s*(?:On|Le|El|Em|Am|Op|Il|W dniu|Dnia|Den)\s.{0,150}\s(?:wrote|a écrit|escribió|escreveu|schrieb|schreef|napisał|pisze|skrev)\s.{0,150}:\s*$/,
  /^\s*\d{4}[年/.-].{0,120}(?:のメッセージ|書きました|wrote)[:：]?\s*$/,
  // Gmail in Japanese: "2026年1月5日(月) 10:00 Name <a@b>:".
  /^\s*\d{4}年\d{1,2}月\d{1,2}日.{0,120}<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/,
];

// Unquoted copies of an earlier message: everything from here on is history, not the reply.
const ORIGINAL_BLOCK = [
  /^[ \t]*-{2,}[ \t]*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Originalnachricht|Weitergeleitete Nachricht|Message d'origine|Message transféré|Mensaje original|Mensaje reenviado|Mensagem original|Mensagem encaminhada|Oorspronkelijk bericht|Doorgestuurd bericht|Wiadomość oryginalna|Oryginalna wiadomość|Wiadomość przekazana|元のメッセージ|転送メッセージ)/i,
  /^[ \t]*Begin forwarded message:/i,
  /^[ \t]*(?:-{2,}|\*{2,})?[ \t]*(?:Below this line is a copy of the message|This is a copy of the message|Unsent message follows|Original message headers)/i,
];
const OUTLOOK_FROM = /^[ \t]*\*?(?:From|Von|De|Van|Od|Da|Från|Fra|差出人|送信者)[ \t]*:\*?[ \t]*\S/;
const OUTLOOK_NEXT =
  /^[ \t]*\*?(?:Sent|Date|To|Subject|Gesendet|Datum|An|Betreff|Envoyé|Date|À|Objet|Enviado|Fecha|Para|Asunto|Data|Assunto|Verzonden|Aan|Onderwerp|Wysłano|Do|Temat|送信日時|宛先|件名)[ \t]*:/;

// RFC 3676 delimiter "-- " and the usual mobile-client taglines end the written text.
const SIGNATURE_START = [
  /^-- ?$/,
  /^_{2,}$/,
  /^(?:Sent from (?:my|Mail for|Outlook|Yahoo Mail|AOL|Samsung)|Get Outlook for|Von meinem .* gesendet|Gesendet von|Envoyé de mon|Envoyé depuis|Enviado desde|Enviado do meu|Enviado de meu|Verzonden vanaf|Verstuurd vanaf|Wysłane z|Sendt fra|iPhoneから送信)\b/i,
];

export function extractReplyText(body: string): string {
  const lines = body
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    if (startsHistory(line, lines.slice(i + 1, i + 5))) break;
    if (SIGNATURE_START.some((p) => p.test(line.trimEnd()))) break;
    if (/^[ \t]*>/.test(line)) continue;
    if (SINGLE_LINE_QUOTE_HEADER.some((p) => p.test(line))) continue;
    if (
      QUOTE_HEADER_START.test(line) &&
      QUOTE_HEADER_END.test(next) &&
      /^[ \t]*>|^\s*$/.test(lines[i + 2] ?? '')
    ) {
      i++;
      continue;
    }
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function startsHistory(line: string, following: string[]): boolean {
  if (ORIGINAL_BLOCK.some((p) => p.test(line))) return true;
  // Outlook's rule line (an <hr> in HTML mail becomes dashes) above the header block.
  if (/^[-_]{10,}\s*$/.test(line) && following.some((l) => OUTLOOK_FROM.test(l))) return true;
  // Outlook's unquoted header block: "From: ..." followed by "Sent:"/"To:"/"Subject:" lines.
  return OUTLOOK_FROM.test(line) && following.slice(0, 3).some((l) => OUTLOOK_NEXT.test(l));
}
