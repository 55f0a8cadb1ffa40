import type { OooCues } from './types';

export const nl: OooCues = {
  lang: 'nl',
  replyPrefixes: ['antw', 'doorst'],
  subjectAutomated: ['automatisch antwoord'],
  subjectAbsence: ['afwezig', 'niet aanwezig', 'buiten kantoor', 'afwezigheid'],
  bodyAutomated: ['automatisch (?:antwoord|bericht|gegenereerd)'],
  bodyAbsence: [
    'ik ben.{0,40}(?:afwezig|niet aanwezig|op vakantie|met vakantie|niet op kantoor|buiten kantoor)',
    'tijdens mijn afwezigheid',
    'weer aanwezig',
  ],
  returnBefore: ['terug', 'weer\\s+(?:aanwezig|op\\s+kantoor|bereikbaar|beschikbaar|terug)'],
  untilBefore: ['tot(?:\\s+en\\s+met)?', 't/m'],
  returnAfter: ['(?:ben\\s+ik\\s+|zijn\\s+we\\s+)?(?:weer|terug)'],
  fillers: ['op', 'vanaf', 'van'],
  months: [
    'januari',
    'februari',
    'maart mrt',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  weekdays: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
  dateOrder: 'DMY',
};
