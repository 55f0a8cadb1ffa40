import { describe, expect, it } from 'vitest';
import { classifyInbound } from '../../../src/domain/inbound/classify';
import { UNSUBSCRIBE_LANGUAGES } from '../../../src/domain/inbound/cues/unsubscribe';
import type { InboundMessage } from '../../../src/domain/inbound/types';
import { findUnsubscribeRequest } from '../../../src/domain/inbound/unsubscribe';

const NOW = new Date('2026-03-02T10:00:00Z');

function message(text: string, subject = 'Re: Your demo'): InboundMessage {
  return {
    from: 'kai@nordhavn.example',
    fromName: 'Kai',
    to: ['sam@tandem.example'],
    subject,
    inReplyTo: '<snd_2@tandem.example>',
    references: [],
    headers: {},
    text,
    attachmentTypes: [],
  };
}

// [language, explicit request, a sentence that only mentions or asks, a new subject asking to leave]
const CASES: ReadonlyArray<readonly [string, string, string, string]> = [
  [
    'en',
    'Please remove me from your mailing list.',
    'How do I unsubscribe from the weekly digest?',
    'Unsubscribe',
  ],
  [
    'de',
    'Bitte nehmen Sie mich aus Ihrem Verteiler.',
    'Wie kann ich mich vom Newsletter abmelden?',
    'Abmelden',
  ],
  [
    'fr',
    'Merci de me désinscrire de votre liste.',
    'Comment se désabonner de la lettre mensuelle ?',
    'Désinscription',
  ],
  ['es', 'Por favor, denme de baja de su lista.', '¿Dónde puedo darme de baja del boletín?', 'Baja'],
  [
    'pt',
    'Não quero mais receber e-mails, por favor me descadastre.',
    'Como faço para descadastrar meu colega?',
    'Descadastrar',
  ],
  [
    'it',
    'Vi prego di cancellarmi dalla vostra lista.',
    'Come posso disiscrivermi solo dalla newsletter?',
    'Disiscrizione',
  ],
  ['nl', 'Verwijder mij uit uw mailinglijst.', 'Hoe kan ik me afmelden voor de nieuwsbrief?', 'Afmelden'],
  [
    'pl',
    'Proszę o wypisanie z listy mailingowej.',
    'Jak mogę się wypisać z newslettera?',
    'Wypisanie z listy',
  ],
  [
    'sv',
    'Ta bort mig från er sändlista, tack.',
    'Hur avregistrerar jag mig från nyhetsbrevet?',
    'Avregistrera',
  ],
  [
    'ja',
    'メーリングリストから削除してください。',
    '配信停止の方法を教えていただけますか。',
    '配信停止のお願い',
  ],
  ['zh', '请将我从邮件列表中删除。', '请问如何退订你们的周报？', '退订'],
  ['zh', '請將我從郵件列表中刪除，謝謝。', '請問怎麼取消訂閱電子報？', '取消訂閱'],
  ['ko', '수신 거부합니다.', '수신 거부는 어떻게 하나요?', '수신 거부'],
  [
    'ru',
    'Пожалуйста, отпишите меня от рассылки.',
    'Как отписаться только от еженедельной рассылки?',
    'Отписаться',
  ],
  ['uk', 'Прошу відписати мене від розсилки.', 'Як відписатися від розсилки?', 'Відписатися'],
  [
    'tr',
    'Lütfen beni listeden çıkarın.',
    'Abonelikten çıkmak için ne yapmam gerekiyor, nasıl?',
    'Abonelikten çık',
  ],
  ['ar', 'يرجى إزالتي من القائمة.', 'كيف يمكنني إلغاء الاشتراك في النشرة؟', 'إلغاء الاشتراك'],
  ['he', 'הסירו אותי מרשימת התפוצה.', 'איך אפשר להסיר את הכתובת מרשימת התפוצה?', 'הסר'],
  ['hi', 'कृपया मुझे अपनी मेलिंग लिस्ट से हटा दें।', 'न्यूज़लेटर से अनसब्सक्राइब कैसे करें?', 'अनसब्सक्राइब'],
  [
    'id',
    'Tolong hapus saya dari daftar email Anda.',
    'Bagaimana cara berhenti berlangganan buletin?',
    'Berhenti berlangganan',
  ],
  [
    'ms',
    'Sila keluarkan saya dari senarai mel anda.',
    'Bagaimana saya boleh berhenti melanggan?',
    'Nyahlanggan',
  ],
  ['vi', 'Vui lòng xóa tôi khỏi danh sách gửi thư.', 'Làm thế nào để hủy đăng ký bản tin?', 'Hủy đăng ký'],
  ['th', 'กรุณาลบฉันออกจากรายชื่ออีเมล', 'ยกเลิกการรับข่าวสารได้อย่างไรคะ', 'ยกเลิกการรับข่าวสาร'],
  ['da', 'Afmeld mig venligst jeres nyhedsbrev.', 'Hvordan afmelder jeg mig nyhedsbrevet?', 'Afmelding'],
  ['nb', 'Vennligst fjern meg fra e-postlisten.', 'Hvordan kan jeg melde meg av nyhetsbrevet?', 'Avmelding'],
  ['fi', 'Poistakaa minut postituslistalta.', 'Miten voin perua tilauksen uutiskirjeestä?', 'Peru tilaus'],
  ['cs', 'Prosím o odhlášení z newsletteru.', 'Jak se mohu odhlásit z newsletteru?', 'Odhlásit'],
  ['hu', 'Kérem, töröljenek a listáról.', 'Hogyan tudok leiratkozni a hírlevélről?', 'Leiratkozás'],
  ['ro', 'Vă rog să mă dezabonați de la newsletter.', 'Cum mă pot dezabona de la newsletter?', 'Dezabonare'],
  [
    'el',
    'Παρακαλώ διαγράψτε με από τη λίστα σας.',
    'Πώς μπορώ να κάνω απεγγραφή από το newsletter;',
    'Απεγγραφή',
  ],
];

describe('unsubscribe requests and mentions in every language', () => {
  it('covers every language the data holds', () => {
    const tested = new Set(CASES.map(([lang]) => lang));
    expect(UNSUBSCRIBE_LANGUAGES.map((l) => l.lang).filter((l) => !tested.has(l))).toEqual([]);
    expect(UNSUBSCRIBE_LANGUAGES).toHaveLength(29);
  });

  it.each(CASES)('%s: an explicit request unsubscribes: %s', (lang, request) => {
    expect(classifyInbound(message(request), NOW).kind).toBe('unsubscribe');
    expect(findUnsubscribeRequest(request)?.lang).toBe(lang);
  });

  it.each(CASES.map(([lang, , question]) => [lang, question]))(
    '%s: a question stays a human reply, flagged: %s',
    (_lang, question) => {
      const result = classifyInbound(message(question), NOW);
      expect(result.kind).toBe('human_reply');
      expect(result.flags).toContain('unsubscribe_mention');
    },
  );

  it.each(CASES.map(([lang, , , subject]) => [lang, subject]))(
    '%s: the new subject "%s" unsubscribes, its reply does not',
    (_lang, subject) => {
      expect(classifyInbound(message('', subject), NOW).kind).toBe('unsubscribe');
      expect(classifyInbound(message('Thanks, noted.', `Re: ${subject}`), NOW).kind).toBe('human_reply');
    },
  );
});

describe('requests about a format, a channel or a document are not opt-outs', () => {
  it.each([
    'Bitte schicken Sie mir die Rechnungen stattdessen per Post, nicht mehr als PDF.',
    'Больше не присылайте мне PDF, лучше ссылку.',
    'Stop med at sende mig fakturaer på papir.',
    '请停止发送纸质发票，改为电子版。',
    'ไม่ต้องส่งเอกสารมาแล้ว ขอบคุณค่ะ',
    'Отпишитесь, пожалуйста, как получите договор.',
    'אל תשלחו לי את הקובץ, שלחו קישור במקום.',
    'Μη μου στέλνετε το PDF, στείλτε σύνδεσμο.',
    '¿Cómo puedo darme de baja solo del boletín?',
    'Nu mai trimiteți factura pe hârtie, vă rog.',
  ])('%s', (text) => {
    expect(findUnsubscribeRequest(text)).toBeUndefined();
    expect(classifyInbound(message(text), NOW).kind).toBe('human_reply');
  });
});
