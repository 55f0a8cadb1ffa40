import type { UnsubscribeCues } from './types';

export const de: UnsubscribeCues = {
  lang: 'de',
  requests: [
    '(?:bitte|möchte mich|will mich|mich bitte)\\b.{0,40}\\b(?:abmelden|abbestellen|austragen)',
    'melden sie mich\\b.{0,30}\\bab',
    'tragen sie mich\\b.{0,30}\\baus',
    'nehmen sie mich\\b.{0,40}\\b(?:raus|heraus|aus)',
    'entfernen sie mich',
    'streichen sie mich',
    'keine (?:weiteren )?(?:e-?mails|mails|nachrichten|werbung) mehr',
    'nicht mehr (?:kontaktieren|anschreiben|anmailen)',
    'löschen sie meine (?:daten|adresse|e-?mail(?:-adresse)?)',
  ],
  subject: ['abmelden', 'austragen', 'abbestellen'],
  bare: ['abmelden', 'abbestellen'],
  mentions: ['abmeld', 'abbestell', 'austrag'],
  questions: ['wie (?:kann|können|könnte)', 'wo (?:kann|können)', 'gibt es', 'ist es möglich'],
  scoped: ['aber (?:weiterhin|nicht)', 'stattdessen', 'statt', 'außer'],
  footer: ['klicken sie', 'hier klicken', 'klicken'],
};
