import type { OooCues } from './types';

// Norwegian Bokmål.
export const nb: OooCues = {
  lang: 'nb',
  replyPrefixes: ['sv', 'vs', 'vb'],
  subjectAutomated: ['automatisk svar', 'autosvar'],
  subjectAbsence: ['fraværende', 'fravær', 'ikke på kontoret', 'ferie'],
  bodyAutomated: ['automatisk (?:svar|generert (?:svar|melding))', 'autosvar'],
  bodyAbsence: [
    'jeg er (?:for tiden |for øyeblikket )?(?:på ferie|fraværende|ikke på kontoret|i permisjon|på reise|på tjenestereise)',
    'ikke på kontoret',
  ],
  returnBefore: ['tilbake(?:\\s+på\\s+kontoret)?', 'på kontoret igjen', 'tilgjengelig igjen'],
  untilBefore: ['til og med', 't\\.?o\\.?m\\.?', 'frem til', 'inntil'],
  fillers: ['den', 'på', 'fra'],
  months: [
    'januar',
    'februar',
    'mars',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'desember',
  ],
  weekdays: ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'],
  dateOrder: 'DMY',
};
