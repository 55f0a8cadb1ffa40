import type { UnsubscribeCues } from './types';

// Romanian is typed with comma-below (ș, ț) or with the older cedilla (ş, ţ): both are accepted.
export const ro: UnsubscribeCues = {
  lang: 'ro',
  requests: [
    'vă rog (?:să )?mă (?:dezabona[țţ]i|scoate[țţ]i|[șş]terge[țţ]i|elimina[țţ]i)',
    'dezabona[țţ]i-mă',
    'scoate[țţ]i-mă',
    '[șş]terge[țţ]i-mă',
    '(?:doresc|vreau) să mă dezabonez',
    'nu mai (?:doresc|vreau) să primesc (?:e-?mailuri|mesaje|newsletter)',
    'nu(?:-mi| îmi) mai trimite[țţ]i (?:e-?mailuri|mesaje|newsletter)',
  ],
  subject: ['dezabonare', 'dezabona[țţ]i-mă'],
  mentions: ['dezabon'],
  questions: ['cum', 'unde', 'este posibil'],
  scoped: ['în loc de', 'cu excep[țţ]ia'],
  footer: ['face[țţ]i clic', 'click aici', 'apăsa[țţ]i'],
};
