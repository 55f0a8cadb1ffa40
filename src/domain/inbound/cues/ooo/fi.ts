import type { OooCues } from './types';

const kuu = (stem: string) => `${stem}kuu ${stem}kuuta ${stem}kuun`;

export const fi: OooCues = {
  lang: 'fi',
  replyPrefixes: ['vs', 'vl', 'vast'],
  subjectAutomated: ['automaattinen vastaus', 'automaattivastaus'],
  subjectAbsence: ['poissa toimistolta', 'lomalla', 'poissa'],
  bodyAutomated: ['automaattinen (?:vastaus|viesti)', 'automaattisesti (?:lähetetty|luotu)'],
  bodyAbsence: [
    'olen (?:tällä hetkellä |nyt )?(?:lomalla|poissa toimistolta|poissa|työmatkalla|vuosilomalla|sairauslomalla)',
    'en ole tavoitettavissa',
  ],
  returnBefore: [
    'palaan(?:\\s+(?:toimistolle|töihin))?',
    'takaisin(?:\\s+toimistolla)?',
    '(?:taas|jälleen) (?:toimistolla|tavoitettavissa)',
  ],
  returnAfter: ['(?:alkaen\\s+)?(?:palaan|olen (?:taas|jälleen) (?:toimistolla|tavoitettavissa))'],
  untilAfter: ['(?:asti|saakka)'],
  months: [
    kuu('tammi'),
    kuu('helmi'),
    kuu('maalis'),
    kuu('huhti'),
    kuu('touko'),
    kuu('kesä'),
    kuu('heinä'),
    kuu('elo'),
    kuu('syys'),
    kuu('loka'),
    kuu('marras'),
    kuu('joulu'),
  ],
  weekdays: [
    'maanantai maanantaina',
    'tiistai tiistaina',
    'keskiviikko keskiviikkona',
    'torstai torstaina',
    'perjantai perjantaina',
    'lauantai lauantaina',
    'sunnuntai sunnuntaina',
  ],
  dateOrder: 'DMY',
};
