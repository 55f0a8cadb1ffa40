import type { OooCues } from './types';

export const da: OooCues = {
  lang: 'da',
  replyPrefixes: ['sv', 'vs', 'vid'],
  subjectAutomated: ['automatisk svar', 'autosvar'],
  subjectAbsence: ['fraværende', 'fravær', 'ikke på kontoret', 'ferie'],
  bodyAutomated: ['automatisk (?:svar|genereret (?:svar|besked))', 'autosvar'],
  bodyAbsence: [
    'jeg er (?:for tiden |i øjeblikket )?(?:på ferie|fraværende|ikke på kontoret|på barsel|på forretningsrejse|syg)',
    'ikke på kontoret',
  ],
  returnBefore: ['tilbage(?:\\s+på\\s+kontoret)?', 'på kontoret igen', 'træffes igen'],
  untilBefore: ['til og med', 't\\.?o\\.?m\\.?', 'indtil'],
  fillers: ['den', 'd\\.', 'på', 'fra'],
  months: [
    'januar',
    'februar',
    'marts',
    'april',
    'maj',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'december',
  ],
  weekdays: ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'],
  dateOrder: 'DMY',
};
