import type { UnsubscribeCues } from './types';

export const en: UnsubscribeCues = {
  lang: 'en',
  requests: [
    'unsubscribe (?:me|us|my (?:e-?mail|address))',
    '(?:please|pls|kindly) unsubscribe',
    '^\\s*unsubscribe(?:,? please)?\\s*[.!]*\\s*$',
    "(?:i|we) (?:want|would like|['’]d like|wish|need) to (?:unsubscribe|opt[- ]?out)",
    'remove me',
    'remove (?:my (?:e-?mail|address|name|details|contact)|us)',
    'take (?:me|us|my (?:e-?mail|address)) off',
    'stop (?:e-?mailing|contacting|messaging|spamming|writing to) (?:me|us)',
    'stop sending (?:me|us) (?:e-?mails|emails|mails|messages|these|this|anything)',
    'opt (?:me|us) out',
    "(?:do not|don['’]t|please don['’]t|never) (?:e-?mail|contact|write to|message) (?:me|us)",
    'no (?:more|further) (?:e-?mails|emails|messages|mails)(?: (?:please|to (?:me|this address)))?\\s*[.!]*\\s*$',
    'delete my (?:e-?mail|address|data|contact)',
  ],
  subject: ['unsubscribe', 'remove me', 'opt[- ]?out', 'stop\\s*[.!]*\\s*$'],
  bare: ['stop', 'unsubscribe', 'remove'],
  mentions: [
    'unsubscri',
    'opt[- ]?out',
    '\\bremove\\b.{0,30}\\blist\\b',
    '\\bstop (?:e-?mailing|sending|contacting)',
  ],
  questions: [
    'how (?:do|can|should|would) (?:i|we)',
    'how to',
    'where (?:do|can) (?:i|we)',
    'is (?:there|it possible)',
  ],
  scoped: ['but (?:keep|still|not)', 'except', 'instead', 'only (?:the|for)', 'apart from'],
  footer: [
    'click',
    'visit',
    '(?:use|follow) the link',
    'preferences',
    '^\\s*(?:to|if you (?:wish|would like|want|no longer) [^.]{0,60}) unsubscribe',
    'unsubscribe (?:here|link|below|at any time)',
  ],
};
