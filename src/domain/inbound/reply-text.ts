/**
 * The new text of a reply: quoted history, forwarded/original blocks and the signature removed.
 *
 * Hand-written rather than `email-reply-parser`: that package loads through `createRequire` (a Node
 * built-in) and an optional native `re2`, and keeps its patterns in a mutable module singleton, so it
 * cannot live in pure domain code. The quote-header patterns below follow its list (MIT) and talon's.
 */

import { htmlToPlainText, looksLikeHtml, stripHtmlQuotes } from './html-quotes';

// "On <date>, <name> wrote:" and its translations; may wrap onto a second line.
const QUOTE_HEADER_START = /^[ \t]*(?:On|Le|El|Em|Am|Op|Il|W dniu|Dnia|Den|Dne|På|Den|В|Le \d)\s/;
const WROTE =
  'wrote|a écrit|escribió|escreveu|schrieb|schreef|scritto|ha scritto|napisał(?:\\(a\\))?|pisze|skrev|kirjoitti|napsal(?:\\(a\\))?|написал(?:\\(а\\))?|пишет|写道|寫道|написав(?:\\(ла\\))?|şunu yazdı|yazdı|írta|a scris|έγραψε|menulis|đã viết|เขียนว่า|ने लिखा|작성|כתב(?:\\/ה|ה)?|كتب';
const QUOTE_HEADER_END = new RegExp(`(?:${WROTE})\\s*[:：]?\\s*$`);
const SINGLE_LINE_QUOTE_HEADER = [
  // Hungarian Gmail puts the date after the verb: "Sam <a@b> ezt írta (időpont: ...):".
  new RegExp(`^.{0,200}\\s(?:${WROTE})(?:\\s*\\([^()]{0,80}\\))?\\s*[:：]\\s*$`),
  /^.{0,200}写道[:：]\s*$/,
  // "Am <date> schrieb <name> <email>:" puts the name after the verb.
  /^\s*(?:On|Le|El|Em|Am|Op|Il|W dniu|Dnia|Den)\s.{0,150}\s(?:wrote|a écrit|escribió|escreveu|schrieb|schreef|napisał|pisze|skrev)\s.{0,150}:\s*$/,
  /^\s*\d{4}[年/.-].{0,120}(?:のメッセージ|書きました|wrote)[:：]?\s*$/,
  // Gmail in Japanese: "2026年1月5日(月) 10:00 Name <a@b>:".
  /^\s*\d{4}年\d{1,2}月\d{1,2}日.{0,120}<[^<>\s]+@[^<>\s]+>\s*[:：]\s*$/,
  // Gmail in languages that put the verb first or none at all (Hebrew, Arabic, Korean): a dated line
  // that ends with the quoted sender's address and a colon.
  /^.{0,200}\d.{0,200}<[^<>\s]+@[^<>\s]+>\s*(?:님이 작성)?\s*[:：]\s*$/,
];

// Unquoted copies of an earlier message: everything from here on is history, not the reply.
const ORIGINAL_BLOCK = [
  /^[ \t]*-{2,}[ \t]*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Originalnachricht|Weitergeleitete Nachricht|Message d'origine|Message transféré|Mensaje original|Mensaje reenviado|Mensagem original|Mensagem encaminhada|Oorspronkelijk bericht|Doorgestuurd bericht|Wiadomość oryginalna|Oryginalna wiadomość|Wiadomość przekazana|Messaggio originale|Messaggio inoltrato|Originalmeddelande|Oprindelig meddelelse|Opprinnelig melding|Alkuperäinen viesti|Původní zpráva|Исходное сообщение|Пересылаемое сообщение|原始邮件|元のメッセージ|転送メッセージ)/i,
  /^[ \t]*Begin forwarded message:/i,
  /^[ \t]*(?:-{2,}|\*{2,})?[ \t]*(?:Below this line is a copy of the message|This is a copy of the message|Unsent message follows|Original message headers)/i,
];
// Outlook's header block in the languages it writes it: en, de, fr, es, pt, it, nl, pl, sv, da, nb,
// fi, cs, sk, ru, uk, bg, ja, zh, ko, tr, ar, he, hi, id, ms, vi, th, hu, ro, el.
const OUTLOOK_FROM =
  /^[ \t]*\*?(?:From|Von|De|De la|Van|Od|Da|Från|Fra|Lähettäjä|От|Від|差出人|送信者|发件人|寄件者|보낸 사람|Kimden|من|מאת|प्रेषक|Dari|Daripada|Từ|จาก|Feladó|Από)[ \t]*[:：]\*?[ \t]*\S/u;
const OUTLOOK_NEXT =
  /^[ \t]*\*?(?:Sent|Date|To|Cc|Subject|Gesendet|Datum|An|Betreff|Envoyé|À|Objet|Enviado|Enviada|Fecha|Para|Asunto|Data|Assunto|Inviato|A|Oggetto|Verzonden|Aan|Onderwerp|Wysłano|Wysłane|Do|Temat|Skickat|Till|Ämne|Sendt|Til|Emne|Lähetetty|Vastaanottaja|Aihe|Odesláno|Komu|Předmět|Отправлено|Кому|Тема|Дата|送信日時|宛先|件名|发送时间|发送日期|收件人|主题|寄件日期|收件者|主旨|Odoslané|Predmet|Надіслано|Изпратено|До|Относно|보낸 날짜|받는 사람|참조|제목|Gönderildi|Gönderilen|Kime|Bilgi|Konu|Tarih|تاريخ الإرسال|إلى|نسخة|الموضوع|נשלח|אל|עותק|נושא|भेजा गया|प्रति|विषय|Dikirim|Kepada|Tembusan|Subjek|Perihal|Tanggal|Dihantar|Đã gửi|Đến|Chủ đề|Ngày|ส่ง|ถึง|สำเนา|เรื่อง|วันที่|Elküldve|Címzett|Másolatot kap|Tárgy|Dátum|Trimis|Către|Subiect|Αποστολή|Προς|Κοιν|Θέμα|Ημερομηνία)[ \t]*[:：]/u;

// RFC 3676 delimiter "-- " and the usual mobile-client taglines end the written text.
const SIGNATURE_START = [
  /^-- ?$/,
  /^_{2,}$/,
  /^(?:Sent from (?:my|Mail for|Outlook|Yahoo Mail|AOL|Samsung)|Get Outlook for|Von meinem .* gesendet|Gesendet von|Envoyé de mon|Envoyé depuis|Enviado desde|Enviado do meu|Enviado de meu|Verzonden vanaf|Verstuurd vanaf|Wysłane z|Sendt fra|iPhoneから送信)\b/i,
];

export function extractReplyText(body: string): string {
  const plain = looksLikeHtml(body) ? htmlToPlainText(stripHtmlQuotes(body)) : body;
  const lines = plain
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
    // An attribution line above unquoted history (HTML mail converted to text) starts the history;
    // above `>` lines it is skipped, so answers written between the quotes are kept.
    if (SINGLE_LINE_QUOTE_HEADER.some((p) => p.test(line))) {
      if (!nextTextQuoted(lines, i + 1)) break;
      continue;
    }
    if (QUOTE_HEADER_START.test(line) && QUOTE_HEADER_END.test(next)) {
      if (!nextTextQuoted(lines, i + 2)) break;
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

function nextTextQuoted(lines: string[], from: number): boolean {
  const line = lines.slice(from).find((l) => l.trim() !== '');
  return line === undefined || /^[ \t]*>/.test(line);
}

function startsHistory(line: string, following: string[]): boolean {
  if (ORIGINAL_BLOCK.some((p) => p.test(line))) return true;
  // Outlook's rule line (an <hr> in HTML mail becomes dashes) above the header block.
  if (/^[-_]{10,}\s*$/.test(line) && following.some((l) => OUTLOOK_FROM.test(l))) return true;
  // Outlook's unquoted header block: "From: ..." followed by "Sent:"/"To:"/"Subject:" lines.
  return OUTLOOK_FROM.test(line) && following.slice(0, 3).some((l) => OUTLOOK_NEXT.test(l));
}
