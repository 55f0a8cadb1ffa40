import type { OooCues } from './types';

export const pl: OooCues = {
  lang: 'pl',
  replyPrefixes: ['odp', 'pd', 'pdw'],
  subjectAutomated: ['automatyczna odpowied[źz]', 'odpowied[źz] automatyczna'],
  subjectAbsence: ['nieobecno[śs][ćc]', 'poza biurem', 'urlop'],
  bodyAutomated: [
    'automatyczna odpowied\\p{L}*',
    'wiadomo[śs][ćc] (?:automatyczna|wygenerowana automatycznie)',
  ],
  bodyAbsence: [
    '(?:jestem|będę)\\s+(?:obecnie\\s+)?(?:nieobecn\\p{L}*|na urlopie|poza biurem)',
    'poza biurem',
  ],
  returnBefore: ['wracam', 'powrót', 'powrocie', 'z\\s+powrotem', 'dostępn[ya]'],
  // "do" is an English word too: only directly before the date.
  untilBeforeDirect: ['do'],
  fillers: ['w', 'we', 'od', 'dnia'],
  months: [
    'stycznia styczeń',
    'lutego luty',
    'marca marzec',
    'kwietnia kwiecień',
    'maja maj',
    'czerwca czerwiec',
    'lipca lipiec',
    'sierpnia sierpień',
    'września wrzesień',
    'października październik',
    'listopada listopad',
    'grudnia grudzień',
  ],
  weekdays: [
    'poniedziałek poniedzialek',
    'wtorek',
    'środa sroda',
    'czwartek',
    'piątek piatek',
    'sobota',
    'niedziela',
  ],
  dateOrder: 'DMY',
};
