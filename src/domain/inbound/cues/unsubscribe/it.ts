import type { UnsubscribeCues } from './types';

export const it: UnsubscribeCues = {
  lang: 'it',
  requests: [
    'cancellatemi',
    'rimuovetemi',
    'disiscrivetemi',
    '(?:vorrei|voglio) (?:disiscrivermi|cancellarmi|essere rimoss[oa])',
    'vi prego di (?:cancellarmi|rimuovermi|disiscrivermi)',
    'rimuovete il mio indirizzo',
    'non (?:voglio|desidero) più ricevere',
    'non (?:inviatemi|mandatemi|scrivetemi) più',
    'smettete di (?:scrivermi|inviarmi|contattarmi)',
  ],
  subject: ['cancellazione', 'disiscrizione', 'disiscrivimi'],
  mentions: ['disiscri', 'cancellazione dalla (?:lista|newsletter|mailing)'],
  questions: ['come', 'dove', 'è possibile'],
  scoped: ['invece', 'tranne', 'eccetto'],
  footer: ['clicca', 'fai clic'],
};
