import type { UnsubscribeCues } from './types';

export const fr: UnsubscribeCues = {
  lang: 'fr',
  requests: [
    'désabonnez[- ]moi',
    'désinscrivez[- ]moi',
    '(?:je (?:souhaite|veux|voudrais) |veuillez |merci de )me (?:désabonner|désinscrire|retirer)',
    'retirez[- ]moi',
    'supprimez[- ]moi',
    'supprimez mon (?:adresse|e-?mail)',
    "ne (?:plus|me plus) (?:recevoir|m['’]envoyer|me contacter|m['’]écrire)",
    'ne me contactez plus',
    "ne m['’]envoyez plus",
  ],
  subject: ['désabonnement', 'désinscription', 'désabonner', 'désinscrire'],
  bare: ['désabonner', 'désinscrire'],
  mentions: ['désabonn', 'désinscri'],
  questions: ['comment', 'où', 'est-il possible', 'y a-t-il'],
  scoped: ['sauf', 'à la place', 'au lieu de', 'uniquement', 'seulement'],
  footer: ['cliquez', 'cliquer'],
};
