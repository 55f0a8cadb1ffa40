import type { OooCues } from './types';

// Hungarian writes dates year first ("2026. március 14.") and joins suffixes with a hyphen ("14-én", "14-ig").
export const hu: OooCues = {
  lang: 'hu',
  replyPrefixes: ['vá', 'válasz', 'továbbítás'],
  subjectAutomated: ['automatikus válasz', 'automatikus valasz'],
  subjectAbsence: ['házon kívül', 'irodán kívül', 'szabadság\\p{L}*'],
  bodyAutomated: ['automatikus (?:válasz|üzenet)', 'automatikusan (?:küldött|generált)'],
  bodyAbsence: [
    '(?:házon|irodán) kívül (?:vagyok|leszek)',
    'szabadságon (?:vagyok|leszek)',
    'nem vagyok (?:az )?irodában',
    'távol vagyok',
  ],
  returnBefore: ['visszatérés(?:em)?', '(?:újra|ismét) (?:elérhető|az irodában)', 'vissza'],
  returnAfter: [
    '(?:-?\\p{L}{1,4})?\\s+(?:térek vissza|érkezem vissza|leszek (?:újra|ismét)|(?:újra|ismét) (?:az irodában|elérhető))',
  ],
  untilAfter: ['-?ig(?![\\p{L}])'],
  months: [
    'január jan',
    'február febr',
    'március márc',
    'április ápr',
    'május máj',
    'június jún',
    'július júl',
    'augusztus aug',
    'szeptember szept',
    'október okt',
    'november nov',
    'december dec',
  ],
  weekdays: [
    'hétfő hétfőn',
    'kedd kedden',
    'szerda szerdán',
    'csütörtök csütörtökön',
    'péntek pénteken',
    'szombat szombaton',
    'vasárnap',
  ],
  dateOrder: 'YMD',
};
