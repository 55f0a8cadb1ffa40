import type { UnsubscribeCues } from './types';

export const nb: UnsubscribeCues = {
  lang: 'nb',
  requests: [
    'meld meg av',
    '(?:fjern|slett) meg fra',
    'jeg vil (?:gjerne )?(?:melde meg av|avslutte abonnementet|bli fjernet)',
    'ønsker å bli (?:fjernet|avmeldt)',
    'slutt å sende (?:meg )?(?:e-post|e-poster|eposter|mail|nyhetsbrev)',
    'ikke send (?:meg )?flere (?:e-poster|eposter|mailer|mail)',
    'jeg vil ikke motta (?:flere|mer) (?:e-post|e-poster|eposter|mail|nyhetsbrev)',
  ],
  subject: ['avmeld', 'avmelding', 'meld av'],
  mentions: ['avmeld', 'melde (?:meg )?av', 'avslutte abonnement'],
  questions: ['hvordan', 'hvor kan', 'er det mulig'],
  scoped: ['i stedet', 'unntatt'],
  footer: ['klikk'],
};
