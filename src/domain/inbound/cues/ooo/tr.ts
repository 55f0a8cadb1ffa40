import type { OooCues } from './types';

// Turkish suffixes follow the date after an apostrophe ("14 Mart'ta", "14 Mart'a kadar"), or a weekday does ("16 Mart Pazartesi günü").
const SUFFIX = "(?:['’]\\p{L}+)?\\s*(?:\\p{L}+\\s+günü|tarihinde|tarihine|tarihi|günü)?\\s*";

export const tr: OooCues = {
  lang: 'tr',
  replyPrefixes: ['ynt', 'yan[ıi]t', '[iİı]lt', 'fw'],
  subjectAutomated: ['otomatik yan[ıi]t', 'otomatik cevap'],
  subjectAbsence: ['ofis dışında', 'iş yeri dışında', 'izindeyim', 'izin', 'tatil'],
  bodyAutomated: ['otomatik (?:yanıt|cevap|yanit|mesaj)\\p{L}*', 'otomatik olarak gönderil\\p{L}*'],
  bodyAbsence: [
    'izindeyim',
    'tatildeyim',
    'ofis dışındayım',
    'ofiste değilim',
    'iş yeri dışındayım',
    'yıllık izin\\p{L}*',
    'iş seyahatindeyim',
  ],
  returnAfter: [
    `${SUFFIX}(?:ofise\\s+|işe\\s+|işbaşı\\s+)?(?:döneceğim|dönüyorum|dönmüş olacağım|ofiste olacağım|yapacağım)`,
  ],
  untilAfter: [`${SUFFIX}kadar`],
  months: [
    'ocak',
    'şubat',
    'mart',
    'nisan',
    'mayıs',
    'haziran',
    'temmuz',
    'ağustos',
    'eylül',
    'ekim',
    'kasım',
    'aralık',
  ],
  weekdays: ['pazartesi', 'salı', 'çarşamba', 'perşembe', 'cuma', 'cumartesi', 'pazar'],
  dateOrder: 'DMY',
};
