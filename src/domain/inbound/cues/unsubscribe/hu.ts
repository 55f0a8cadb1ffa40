import type { UnsubscribeCues } from './types';

export const hu: UnsubscribeCues = {
  lang: 'hu',
  requests: [
    'iratkoztass(?:anak|on) le',
    'kérem,? (?:töröljenek|távolítsanak el)',
    'töröljenek (?:a )?(?:listáról|listájukról|címlistáról)',
    'töröljék (?:a )?(?:címemet|e-?mail címemet)',
    'le szeretnék iratkozni',
    'nem kérek (?:több|további) (?:e-?mailt|levelet|hírlevelet)',
    'ne küldjenek (?:nekem )?(?:több |további )?(?:e-?mailt|e-?maileket|levelet|leveleket|hírlevelet)',
    'kérem a leiratkozásomat',
  ],
  subject: ['leiratkozás', 'leiratkozom'],
  bare: ['leiratkozom', 'leiratkozás'],
  mentions: ['leiratkoz'],
  questions: ['hogyan', 'hol', 'lehetséges'],
  scoped: ['helyett', 'kivéve'],
  footer: ['kattintson'],
};
