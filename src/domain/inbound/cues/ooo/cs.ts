import type { OooCues } from './types';

export const cs: OooCues = {
  lang: 'cs',
  replyPrefixes: ['odp', 'fw', 'př'],
  subjectAutomated: ['automatická odpověď', 'automaticka odpoved'],
  subjectAbsence: ['mimo kancelář', 'nepřítomnost', 'nepřítomn\\p{L}*', 'dovolená'],
  bodyAutomated: ['automatick(?:á|y) odpově(?:ď|d)', 'automaticky (?:generovaná|odeslaná) zpráva'],
  bodyAbsence: [
    '(?:jsem|budu) (?:momentálně |nyní )?(?:mimo kancelář|na dovolené|nepřítomn\\p{L}*|na služební cestě|mimo ka?nceláře)',
    'nejsem v kanceláři',
    'mimo kancelář',
  ],
  returnBefore: [
    'vrátím se',
    'zpět(?:\\s+v\\s+kanceláři)?',
    'budu (?:opět|znovu) (?:v kanceláři|k dispozici|k zastižení)',
  ],
  untilBeforeDirect: ['do'],
  fillers: ['dne', 'v', 've', 'od'],
  months: [
    'ledna leden',
    'února únor',
    'března březen',
    'dubna duben',
    'května květen',
    'června červen',
    'července červenec',
    'srpna srpen',
    'září',
    'října říjen',
    'listopadu listopad',
    'prosince prosinec',
  ],
  weekdays: ['pondělí', 'úterý', 'středa středu', 'čtvrtek', 'pátek', 'sobota sobotu', 'neděle neděli'],
  dateOrder: 'DMY',
};
