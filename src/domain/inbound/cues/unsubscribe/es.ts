import type { UnsubscribeCues } from './types';

export const es: UnsubscribeCues = {
  lang: 'es',
  requests: [
    '(?:quiero |deseo |por favor,? )?dar(?:me|nos) de baja',
    'denme de baja',
    'cancelen mi suscripci[oó]n',
    'quiero cancelar (?:la |mi )?suscripci[oó]n',
    'elim[ií]n(?:enme|ame)',
    'b[oó]rr(?:enme|ame)',
    'no (?:quiero|deseo) recibir (?:m[aá]s )?(?:correos|e-?mails|mensajes)',
    'dejen de (?:enviarme|escribirme|mandarme)',
  ],
  subject: ['darme de baja', 'baja'],
  bare: ['baja'],
  mentions: ['\\bde baja\\b', 'desuscrib', 'darse de baja'],
  questions: ['c[oó]mo', 'd[oó]nde', 'es posible', 'hay (?:alguna )?(?:forma|manera)'],
  scoped: ['excepto', 'en lugar de', 'en vez de', 'salvo'],
  footer: ['haga clic', 'haz clic', 'pulse aqu[ií]'],
};
