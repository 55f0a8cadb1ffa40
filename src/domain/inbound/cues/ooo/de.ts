import type { OooCues } from './types';

export const de: OooCues = {
  lang: 'de',
  replyPrefixes: ['aw', 'antw', 'antwort', 'wg', 'wtr'],
  subjectAutomated: ['automatische (?:antwort|rückantwort|abwesenheitsnotiz)', 'abwesenheitsnotiz'],
  subjectAbsence: ['abwesend', 'abwesenheit', 'urlaub', 'nicht im büro'],
  bodyAutomated: [
    'automatische (?:antwort|e-?mail|nachricht|abwesenheitsnotiz)',
    'automatisch (?:generierte|erstellte) (?:nachricht|e-?mail|antwort)',
  ],
  bodyAbsence: [
    'ich bin.{0,40}(?:nicht im (?:büro|hause?)|abwesend|im urlaub|nicht erreichbar|außer haus)',
    'abwesenheit\\p{L}*',
    'im urlaub',
    'nicht im büro',
    'wieder (?:im büro|erreichbar)',
    'keinen zugriff auf (?:meine )?e-?mails',
  ],
  returnBefore: [
    'zurück',
    'wieder(?:\\s+(?:im\\s+(?:büro|hause?)|erreichbar|da|verfügbar|zurück|im dienst))?',
  ],
  untilBefore: ['bis(?:\\s+(?:zum|einschließlich|einschl\\.|inkl\\.|inklusive))?(?:\\s+(?:zum|am))?'],
  returnAfter: ['(?:bin\\s+ich\\s+|sind\\s+wir\\s+)?(?:wieder|zurück)'],
  fillers: ['am', 'ab', 'dem', 'den', 'vom', 'zum'],
  months: [
    'januar jänner',
    'februar',
    'märz maerz mär',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober okt',
    'november',
    'dezember dez',
  ],
  weekdays: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag sonnabend', 'sonntag'],
  dateOrder: 'DMY',
};
