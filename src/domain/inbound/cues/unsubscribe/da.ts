import type { UnsubscribeCues } from './types';

export const da: UnsubscribeCues = {
  lang: 'da',
  requests: [
    '(?:afmeld|frameld) mig',
    '(?:fjern|slet) mig fra',
    'jeg vil (?:gerne )?(?:afmeldes|frameldes|afmelde mig)',
    'jeg ønsker at blive (?:afmeldt|frameldt|fjernet)',
    'stop med at sende (?:mig )?(?:mails|e-mails|nyhedsbreve)',
    'send ikke flere (?:mails|e-mails)',
    'jeg vil ikke modtage flere (?:mails|e-mails|nyhedsbreve)',
  ],
  subject: ['afmeld', 'afmelding', 'frameld', 'framelding'],
  bare: ['afmeld'],
  mentions: ['afmeld', 'frameld'],
  questions: ['hvordan', 'hvor kan', 'er det muligt'],
  scoped: ['i stedet', 'undtagen', 'men (?:behold|ikke)'],
  footer: ['klik'],
};
