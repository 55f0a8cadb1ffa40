import { describe, expect, it } from 'vitest';
import { REPLY_PREFIX } from '../../../src/domain/inbound/auto-reply-cues';
import { extractReturnDate } from '../../../src/domain/inbound/return-date';

const NOW = new Date('2026-03-02T09:00:00Z'); // a Monday

describe('extractReturnDate in more languages', () => {
  it.each([
    ["I'll be back on 14 March.", '2026-03-14'],
    ['Ich bin zurück am 3.4.', '2026-04-03'],
    ['Je serai de retour le 12 mars.', '2026-03-12'],
    ['Tornerò il 5 aprile.', '2026-04-05'],
    ['Вернусь 12 марта.', '2026-03-12'],
    ['В отпуске до 20 марта.', '2026-03-20'],
    ['3月14日に戻ります。', '2026-03-14'],
    ['12월 3일에 복귀합니다.', '2026-12-03'],
    ['2026년 3월 20일까지 휴가입니다.', '2026-03-20'],
    ["14 Mart'ta döneceğim.", '2026-03-14'],
    ["20 Mart'a kadar izindeyim.", '2026-03-20'],
    ['我将于2026年3月20日返回。', '2026-03-20'],
    ['休假至3月20号。', '2026-03-20'],
    ['سأعود في ٢٠ مارس.', '2026-03-20'],
    ['אחזור ב-20 במרץ.', '2026-03-20'],
    ['मैं 20 मार्च को वापस आऊँगा।', '2026-03-20'],
    ['Saya akan kembali pada 20 Maret.', '2026-03-20'],
    ['Tôi sẽ trở lại vào ngày 20 tháng 3.', '2026-03-20'],
    ['จะกลับมาทำงานวันที่ 20 มีนาคม 2569', '2026-03-20'],
    ['Jag är tillbaka den 20 mars.', '2026-03-20'],
    ['Jeg er tilbage den 20. marts.', '2026-03-20'],
    ['Olen lomalla 20.3. asti.', '2026-03-20'],
    ['Vrátím se 20. 3. 2026.', '2026-03-20'],
    ['2026. március 20-ig szabadságon vagyok.', '2026-03-20'],
    ['Revin la birou pe 20 martie.', '2026-03-20'],
    ['Θα επιστρέψω στις 20 Μαρτίου.', '2026-03-20'],
    ['Повернуся 20 березня.', '2026-03-20'],
    ['Wracam w poniedziałek.', '2026-03-09'],
    ['Tillbaka på måndag.', '2026-03-09'],
  ])('%s -> %s', (text, expected) => {
    expect(extractReturnDate(text, NOW)).toBe(expected);
  });

  it.each([
    'Kembali minggu depan.', // "minggu" is Sunday and "week": not a date
    'Nasze spotkanie było 12 marca.',
    'Встреча была 12 марта.',
    '会议在3月12日举行。',
  ])('finds no return date in %s', (text) => {
    expect(extractReturnDate(text, NOW)).toBeUndefined();
  });
});

describe('REPLY_PREFIX', () => {
  it.each([
    'Re: x',
    'AW: x',
    'Odp: x',
    'Ответ: x',
    '回复: x',
    '回覆：x',
    '회신: x',
    '답장: x',
    'YNT: x',
    'Vá: x',
    'SV: x',
    'VS: x',
    'R: x',
    'ΑΠ: x',
    'השב: x',
    'رد: x',
    'Trả lời: x',
    'Відп: x',
    'BLS: x',
    'RIF: x',
  ])('%s is a reply', (subject) => {
    expect(REPLY_PREFIX.test(subject)).toBe(true);
  });

  it.each([
    'Automatic reply: x',
    'Trả lời tự động: x',
    'ตอบกลับอัตโนมัติ: x',
    'Risposta automatica: x',
    'Report: x',
  ])('%s is not a reply', (subject) => {
    expect(REPLY_PREFIX.test(subject)).toBe(false);
  });
});
