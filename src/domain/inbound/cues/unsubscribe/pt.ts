import type { UnsubscribeCues } from './types';

export const pt: UnsubscribeCues = {
  lang: 'pt',
  requests: [
    'me descadastr(?:e|em|ar)',
    'descadastre[- ]me',
    'quero (?:me )?descadastrar',
    'quero cancelar (?:a |minha )?(?:inscri[çc][aã]o|assinatura)',
    'remova[- ]me',
    'me remov(?:a|am)',
    'n[aã]o (?:quero|desejo) (?:mais )?receber (?:e-?mails|mensagens)',
    'parem de (?:me )?(?:enviar|mandar|escrever)',
  ],
  subject: ['descadastrar', 'descadastre'],
  bare: ['descadastrar'],
  mentions: ['descadastr', 'cancelar a inscri'],
  questions: ['como', 'onde', 'é possível'],
  scoped: ['em vez de', 'ao invés de', 'exceto'],
  footer: ['clique', 'clicar'],
};
