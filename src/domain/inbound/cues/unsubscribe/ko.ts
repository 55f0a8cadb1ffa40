import type { UnsubscribeCues } from './types';

// Particles attach to words, so cues match without word boundaries.
export const ko: UnsubscribeCues = {
  lang: 'ko',
  noWordBoundaries: true,
  requests: [
    '수신\\s?거부(?:합니다|하겠습니다|해\\s?주세요|해\\s?주십시오|를?\\s?원합니다|\\s?요청(?:합니다|드립니다)?)',
    '구독\\s?(?:취소|해지)\\s?(?:해\\s?주세요|해\\s?주십시오|합니다|하겠습니다|를?\\s?원합니다|\\s?요청)',
    '(?:메일|이메일)(?:을|를)?\\s?(?:더\\s?이상\\s?|그만\\s?)?보내지\\s?(?:마세요|마십시오|말아\\s?주세요)',
    '(?:명단|목록|리스트|메일링\\s?리스트|수신\\s?목록)에서\\s?(?:저를\\s?|제\\s?(?:이메일|주소)를?\\s?)?(?:삭제|제외|빼)\\s?(?:해\\s?)?주(?:세요|십시오)',
  ],
  subject: ['수신\\s?거부', '구독\\s?취소', '구독\\s?해지'],
  bare: ['수신\\s?거부', '구독\\s?취소'],
  mentions: ['수신\\s?거부', '구독\\s?(?:취소|해지)'],
  questions: ['어떻게', '어디서', '어디에서', '방법'],
  scoped: ['대신', '제외하고'],
  footer: ['클릭'],
};
