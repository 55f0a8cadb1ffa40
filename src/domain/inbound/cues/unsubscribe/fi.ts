import type { UnsubscribeCues } from './types';

export const fi: UnsubscribeCues = {
  lang: 'fi',
  requests: [
    'poista(?:kaa)? minut',
    'poistakaa (?:osoitteeni|sähköpostiosoitteeni|nimeni)',
    'haluan (?:perua|peruuttaa) tilau(?:ksen|kseni)',
    'peru(?:uta|uttakaa|kaa) tilaukseni',
    'en halua (?:enää )?(?:vastaanottaa|saada) (?:sähköposteja|viestejä)',
    'älkää lähettäkö (?:minulle )?(?:enää |lisää )?(?:viestejä|sähköposteja|postia|uutiskirjeitä)',
    'lopettakaa (?:viestien|sähköpostien) lähettäminen',
  ],
  subject: ['peru tilaus', 'tilauksen peruutus'],
  mentions: ['tilau(?:s|ksen|kseni) peru', 'peru(?:a|uttaa|ttaa) tilau', 'postituslistalta poist'],
  questions: ['miten', 'kuinka', 'mistä', 'voiko'],
  scoped: ['sen sijaan', 'paitsi'],
  footer: ['napsauta', 'klikkaa'],
};
