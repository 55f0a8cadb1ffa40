import type { UnsubscribeCues } from './types';

export const cs: UnsubscribeCues = {
  lang: 'cs',
  requests: [
    'odhla(?:ste|šte|ste prosím) mě',
    '(?:odeberte|vyřaďte|smažte|odstraňte) mě',
    'prosím o (?:odhlášení|vyřazení|odebrání)',
    'chci se odhlásit',
    'nechci (?:už |již )?(?:dál )?(?:dostávat|odebírat) (?:e-?maily|zprávy|newsletter|nabídky)',
    '(?:už|již) mi (?:nepište|neposílejte (?:e-?maily|zprávy|newsletter))',
    'přestaňte mi (?:posílat (?:e-?maily|zprávy|newsletter)|psát)',
  ],
  subject: ['odhlásit', 'odhlášení'],
  mentions: ['odhlás', 'odhlaš'],
  questions: ['jak', 'kde', 'je možné'],
  scoped: ['místo', 'kromě'],
  footer: ['klikněte'],
};
