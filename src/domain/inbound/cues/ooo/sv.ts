import type { OooCues } from './types';

export const sv: OooCues = {
  lang: 'sv',
  replyPrefixes: ['sv', 'vb', 'vs'],
  subjectAutomated: ['automatiskt svar', 'autosvar'],
  subjectAbsence: ['frånvar\\p{L}*', 'ej på kontoret', 'inte på kontoret', 'semester'],
  bodyAutomated: ['automatiskt (?:svar|genererat (?:svar|meddelande))', 'autosvar'],
  bodyAbsence: [
    'jag är (?:för närvarande |just nu )?(?:på semester|ledig|tjänstledig|föräldraledig|frånvarande|inte på kontoret|borta|på tjänsteresa)',
    'inte på kontoret',
    'begränsad tillgång till (?:min )?e-?post',
  ],
  returnBefore: [
    'tillbaka(?:\\s+(?:på|i)\\s+(?:kontoret|tjänst))?',
    'åter(?:\\s+(?:på|i)\\s+(?:kontoret|tjänst))?',
    'på plats igen',
    'nås igen',
  ],
  untilBefore: ['till och med', 't\\.?o\\.?m\\.?', 'fram till', 'till'],
  fillers: ['den', 'på', 'från', 'igen'],
  months: [
    'januari',
    'februari',
    'mars',
    'april',
    'maj',
    'juni',
    'juli',
    'augusti',
    'september',
    'oktober',
    'november',
    'december',
  ],
  weekdays: ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
  dateOrder: 'YMD',
};
