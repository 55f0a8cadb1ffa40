import type { OooCues } from './types';

export const fr: OooCues = {
  lang: 'fr',
  replyPrefixes: ['tr', 'ref', 'réf'],
  subjectAutomated: ['réponse automatique'],
  subjectAbsence: ['absence', 'absente?', "message d['’]absence", 'hors du bureau'],
  bodyAutomated: ['réponse automatique', 'message automatique'],
  bodyAbsence: [
    'je (?:suis|serai) (?:actuellement )?(?:absente?|en congés?|en vacances|hors du bureau|en déplacement)',
    'de retour le',
    'absente? du bureau',
    'pendant mon absence',
  ],
  returnBefore: [
    '(?:de\\s+)?retour(?:\\s+(?:au|dans\\s+les)\\s+(?:bureau|locaux))?(?:\\s+prévu)?',
    '(?:serai|suis)\\s+(?:de\\s+retour|présente?|disponible)',
    'reprendrai(?:\\s+le\\s+travail)?',
    'rentre',
  ],
  untilBefore: ["jusqu['’]?\\s*(?:au|à|a)?(?:\\s+(?:le|inclus))?"],
  fillers: ['le', 'du', 'à', 'partir'],
  months: [
    'janvier janv',
    'février fevrier févr',
    'mars',
    'avril avr',
    'mai',
    'juin',
    'juillet juil',
    'août aout',
    'septembre',
    'octobre',
    'novembre',
    'décembre decembre déc',
  ],
  weekdays: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  dateOrder: 'DMY',
};
