import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import { stripHtmlQuotes } from '../../../src/domain/inbound/html-quotes';
import { extractReplyText } from '../../../src/domain/inbound/reply-text';
import { parseInbound } from '../../../src/mail/parse-inbound';

const NOW = new Date('2026-03-02T10:00:00Z');
const FOOTER = 'Not interested? Unsubscribe me from this list: https://tandem.example/u/t0k3n';

function raw(body: string, type: 'text/plain' | 'text/html'): string {
  return [
    'From: Rosa Verde <rosa@verde-logistik.example>',
    'To: sam@tandem.example',
    'Subject: Re: Warehouse scanners',
    'Message-ID: <r1@verde-logistik.example>',
    'In-Reply-To: <snd_1@tandem.example>',
    'MIME-Version: 1.0',
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: 8bit',
    '',
    body.replace(/\n/g, '\r\n'),
    '',
  ].join('\r\n');
}

async function classify(body: string, type: 'text/plain' | 'text/html' = 'text/plain') {
  return classifyInbound(await parseInbound(raw(body, type)), NOW);
}

const ORIGINAL = ['Hello Rosa,', 'would scanners for the new hall interest you?', FOOTER].join('\n');

describe('HTML-only replies that quote our footer stay human replies', () => {
  it.each([
    [
      'gmail_quote div',
      `<div dir="ltr">Yes, send me the price list.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, 2 Mar 2026 at 09:00 Sam &lt;sam@tandem.example&gt; wrote:</div><div>${FOOTER}</div></div>`,
    ],
    [
      'plain blockquote',
      `<p>Sounds useful, call me on Thursday.</p><blockquote><p>${FOOTER}</p></blockquote>`,
    ],
    [
      'Apple blockquote type=cite',
      `<html><body><div>Let us talk next week.</div><blockquote type="cite"><div>${FOOTER}</div></blockquote></body></html>`,
    ],
    [
      'Outlook web divRplyFwdMsg',
      `<div>Please send a quote for 40 units.</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Sam<br><b>Sent:</b> Monday<br><b>Subject:</b> Scanners</div><div>${FOOTER}</div>`,
    ],
  ])('%s', async (_name, html) => {
    const result = await classify(`<html><body>${html}</body></html>`, 'text/html');
    expect(result.kind).toBe('human_reply');
  });

  it('strips the quote from markup handed over as text', () => {
    const html = `<div>Thanks, interested.</div><div class="gmail_quote">${FOOTER}</div>`;
    expect(extractReplyText(html)).toBe('Thanks, interested.');
    expect(stripHtmlQuotes('<p>a</p><blockquote>b<blockquote>c</blockquote></blockquote><p>d</p>')).toBe(
      '<p>a</p><p>d</p>',
    );
  });
});

describe('Outlook header blocks in the languages Outlook writes them', () => {
  it.each([
    ['en', 'From: Sam', 'Sent: Monday, 2 March 2026 09:00', 'To: Rosa', 'Subject: Scanners'],
    ['de', 'Von: Sam', 'Gesendet: Montag, 2. März 2026 09:00', 'An: Rosa', 'Betreff: Scanner'],
    ['fr', 'De : Sam', 'Envoyé : lundi 2 mars 2026 09:00', 'À : Rosa', 'Objet : Scanners'],
    ['es', 'De: Sam', 'Enviado: lunes, 2 de marzo de 2026 9:00', 'Para: Rosa', 'Asunto: Escáneres'],
    ['pt', 'De: Sam', 'Enviada: segunda-feira, 2 de março de 2026 09:00', 'Para: Rosa', 'Assunto: Scanners'],
    ['it', 'Da: Sam', 'Inviato: lunedì 2 marzo 2026 09:00', 'A: Rosa', 'Oggetto: Scanner'],
    ['nl', 'Van: Sam', 'Verzonden: maandag 2 maart 2026 09:00', 'Aan: Rosa', 'Onderwerp: Scanners'],
    ['pl', 'Od: Sam', 'Wysłano: poniedziałek, 2 marca 2026 09:00', 'Do: Rosa', 'Temat: Skanery'],
    ['sv', 'Från: Sam', 'Skickat: den 2 mars 2026 09:00', 'Till: Rosa', 'Ämne: Skannrar'],
    ['da', 'Fra: Sam', 'Sendt: 2. marts 2026 09:00', 'Til: Rosa', 'Emne: Scannere'],
    [
      'fi',
      'Lähettäjä: Sam',
      'Lähetetty: maanantai 2. maaliskuuta 2026 9.00',
      'Vastaanottaja: Rosa',
      'Aihe: Skannerit',
    ],
    ['cs', 'Od: Sam', 'Odesláno: pondělí 2. března 2026 9:00', 'Komu: Rosa', 'Předmět: Skenery'],
    ['ru', 'От: Sam', 'Отправлено: 2 марта 2026 г. 9:00', 'Кому: Rosa', 'Тема: Сканеры'],
    ['ja', '差出人: Sam', '送信日時: 2026年3月2日 9:00', '宛先: Rosa', '件名: スキャナー'],
    ['zh', '发件人: Sam', '发送时间: 2026年3月2日 9:00', '收件人: Rosa', '主题: 扫描仪'],
    ['zh-TW', '寄件者: Sam', '寄件日期: 2026年3月2日 9:00', '收件者: Rosa', '主旨: 掃描器'],
    ['ko', '보낸 사람: Sam', '보낸 날짜: 2026년 3월 2일 월요일 오전 9:00', '받는 사람: Rosa', '제목: 스캐너'],
    ['tr', 'Kimden: Sam', 'Gönderildi: 2 Mart 2026 Pazartesi 09:00', 'Kime: Rosa', 'Konu: Tarayıcılar'],
    ['ar', 'من: Sam', 'تاريخ الإرسال: الاثنين، 2 مارس 2026 09:00', 'إلى: Rosa', 'الموضوع: الماسحات'],
    ['he', 'מאת: Sam', 'נשלח: יום שני 2 מרץ 2026 09:00', 'אל: Rosa', 'נושא: סורקים'],
    ['hi', 'प्रेषक: Sam', 'भेजा गया: सोमवार, 2 मार्च 2026 09:00', 'प्रति: Rosa', 'विषय: स्कैनर'],
    ['id', 'Dari: Sam', 'Dikirim: Senin, 02 Maret 2026 09.00', 'Kepada: Rosa', 'Subjek: Pemindai'],
    ['ms', 'Daripada: Sam', 'Dihantar: Isnin, 2 Mac 2026 9:00 PG', 'Kepada: Rosa', 'Subjek: Pengimbas'],
    ['vi', 'Từ: Sam', 'Đã gửi: Thứ Hai, ngày 2 tháng 3 năm 2026 09:00', 'Đến: Rosa', 'Chủ đề: Máy quét'],
    ['th', 'จาก: Sam', 'ส่ง: วันจันทร์ที่ 2 มีนาคม 2569 9:00', 'ถึง: Rosa', 'เรื่อง: เครื่องสแกน'],
    ['uk', 'Від: Sam', 'Надіслано: 2 березня 2026 р. 9:00', 'Кому: Rosa', 'Тема: Сканери'],
    ['hu', 'Feladó: Sam', 'Elküldve: 2026. március 2., hétfő 9:00', 'Címzett: Rosa', 'Tárgy: Szkennerek'],
    ['ro', 'De la: Sam', 'Trimis: luni, 2 martie 2026 09:00', 'Către: Rosa', 'Subiect: Scanere'],
    ['el', 'Από: Sam', 'Αποστολή: Δευτέρα, 2 Μαρτίου 2026 9:00 πμ', 'Προς: Rosa', 'Θέμα: Σαρωτές'],
    ['sk', 'Od: Sam', 'Odoslané: pondelok 2. marca 2026 9:00', 'Komu: Rosa', 'Predmet: Skenery'],
  ])('%s', async (_lang, ...header) => {
    const body = [
      'Interesting, send details.',
      '',
      '________________________________',
      ...header,
      '',
      ORIGINAL,
    ].join('\n');
    const result = await classify(body);
    expect(result.kind).toBe('human_reply');
    expect(extractReplyText(body)).toBe('Interesting, send details.');
  });
});

describe('attribution lines and original-message blocks', () => {
  it.each([
    'On Mon, 2 Mar 2026 at 09:00, Sam <sam@tandem.example> wrote:',
    'Am Mo., 2. März 2026 um 09:00 Uhr schrieb Sam <sam@tandem.example>:',
    'Le lun. 2 mars 2026 à 09:00, Sam <sam@tandem.example> a écrit :',
    'El lun, 2 mar 2026 a las 9:00, Sam (<sam@tandem.example>) escribió:',
    'Il giorno lun 2 mar 2026 alle ore 09:00 Sam <sam@tandem.example> ha scritto:',
    'Op ma 2 mrt 2026 om 09:00 schreef Sam <sam@tandem.example>:',
    'Den mån 2 mars 2026 kl 09:00 skrev Sam <sam@tandem.example>:',
    'Pzt, 2 Mar 2026 09:00 tarihinde Sam <sam@tandem.example> şunu yazdı:',
    '2026년 3월 2일 (월) 오전 9:00, Sam <sam@tandem.example>님이 작성:',
    'בתאריך יום ב׳, 2 במרץ 2026 ב-9:00 מאת Sam <sam@tandem.example>:',
    'في الاثنين، 2 مارس 2026 في 9:00 ص، كتب Sam <sam@tandem.example>:',
    'Vào Th 2, 2 thg 3, 2026 vào lúc 09:00 Sam <sam@tandem.example> đã viết:',
    'Sam <sam@tandem.example> ezt írta (időpont: 2026. márc. 2., H, 9:00):',
    'Στις Δευ 2 Μαρ 2026 στις 9:00 π.μ., ο/η Sam <sam@tandem.example> έγραψε:',
    'Pada tanggal Sen, 2 Mar 2026 pukul 09.00 Sam <sam@tandem.example> menulis:',
    '-----Original Message-----',
    '-----Ursprüngliche Nachricht-----',
    '-----Messaggio originale-----',
  ])('%s', async (header) => {
    const body = ['Happy to chat on Friday.', '', header, ORIGINAL].join('\n');
    expect(extractReplyText(body)).toBe('Happy to chat on Friday.');
    expect((await classify(body)).kind).toBe('human_reply');
  });
});
