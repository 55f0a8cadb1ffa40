import type { UnsubscribeCues } from './types';

export const sv: UnsubscribeCues = {
  lang: 'sv',
  requests: [
    'avregistrera mig',
    'ta bort mig',
    'sluta (?:mejla|maila|skicka) (?:mig|till mig)',
    'jag vill avsluta (?:min )?prenumeration(?:en)?',
    'jag vill inte (?:få|ha) (?:fler|några fler) (?:mejl|mail|utskick)',
  ],
  subject: ['avregistrera', 'avsluta prenumeration'],
  bare: ['stopp', 'avregistrera'],
  mentions: ['avregistrer', 'avprenumerer', 'avsluta.{0,20}prenumeration'],
  questions: ['hur', 'var kan', 'går det'],
  scoped: ['istället', 'i stället', 'utom'],
  footer: ['klicka'],
};
