import type { UnsubscribeCues } from './types';

// Thai writes no spaces between words. "ไม่ต้องส่ง...แล้ว" (no need to send ... any more) often
// means a document, so only e-mail itself counts.
export const th: UnsubscribeCues = {
  lang: 'th',
  noWordBoundaries: true,
  requests: [
    '(?:กรุณา|โปรด|รบกวน)?(?:ลบ|นำ|เอา)(?:ชื่อ|อีเมล)?(?:ของ)?(?:ฉัน|ผม|ดิฉัน)ออกจาก(?:รายชื่อ|รายการ|ระบบ|เมลลิ่งลิสต์)',
    '(?:ขอ|ต้องการ|อยาก)ยกเลิกการ(?:รับ|สมัคร)',
    'ไม่ต้องส่งอีเมล(?:มา)?(?:ให้(?:ฉัน|ผม|ดิฉัน))?อีก',
    '(?:กรุณา|โปรด)?(?:หยุด|เลิก)ส่งอีเมล',
  ],
  subject: ['ยกเลิกการรับ', 'ยกเลิกการสมัคร'],
  mentions: ['ยกเลิกการ(?:รับ|สมัคร)', 'ยกเลิกสมาชิก'],
  questions: ['อย่างไร', 'ยังไง', 'ที่ไหน'],
  scoped: ['แทนที่จะ', 'ยกเว้น'],
  footer: ['คลิก'],
};
