import type { UnsubscribeCues } from './types';

export const id: UnsubscribeCues = {
  lang: 'id',
  requests: [
    '(?:tolong|mohon|harap) (?:hapus|keluarkan) (?:saya|email saya|alamat saya)',
    '(?:hapus|keluarkan) saya dari (?:daftar|milis|mailing list|list)',
    'saya (?:ingin|mau|hendak) berhenti berlangganan',
    'berhentikan langganan saya',
    'jangan (?:kirim|kirimi|kirimkan) (?:saya )?(?:email|surel|pesan) lagi',
  ],
  subject: ['berhenti berlangganan'],
  mentions: ['berhenti berlangganan', 'henti langganan'],
  questions: ['bagaimana', 'gimana', 'di ?mana'],
  scoped: ['sebagai gantinya', 'kecuali'],
  footer: ['klik'],
};
