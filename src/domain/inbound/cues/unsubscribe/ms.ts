import type { UnsubscribeCues } from './types';

export const ms: UnsubscribeCues = {
  lang: 'ms',
  requests: [
    '(?:sila|tolong|mohon) (?:keluarkan|buang|padamkan) (?:saya|emel saya|nama saya)',
    '(?:keluarkan|buang|padamkan) saya dari (?:senarai|list|senarai mel)',
    'saya (?:ingin|mahu|nak) (?:berhenti melanggan|nyahlanggan)',
    'nyahlanggan saya',
    'berhentikan langganan saya',
    'jangan hantar (?:saya )?(?:emel|e-mel|email|mesej) lagi',
  ],
  subject: ['berhenti melanggan', 'nyahlanggan'],
  mentions: ['berhenti melanggan', 'nyahlanggan'],
  questions: ['bagaimana', 'macam mana', 'di mana'],
  scoped: ['sebaliknya', 'kecuali'],
  footer: ['klik'],
};
