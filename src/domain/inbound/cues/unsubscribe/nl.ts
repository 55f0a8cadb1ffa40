import type { UnsubscribeCues } from './types';

export const nl: UnsubscribeCues = {
  lang: 'nl',
  requests: [
    'graag (?:afmelden|uitschrijven)',
    '(?:wil|zou) (?:mij|me|graag) (?:graag )?(?:afmelden|uitschrijven)',
    'meld (?:mij|me) af',
    'schrijf (?:mij|me) uit',
    'verwijder (?:mij|me|mijn (?:e-?mail|adres|gegevens))',
    'haal (?:mij|me) (?:van|uit)',
    'geen (?:e-?mails|mails|berichten) meer',
  ],
  subject: ['afmelden', 'uitschrijven'],
  bare: ['afmelden'],
  mentions: ['afmeld', 'uitschrijv'],
  questions: ['hoe', 'waar', 'is het mogelijk'],
  scoped: ['in plaats van', 'behalve', 'maar (?:wel|niet)'],
  footer: ['klik'],
};
