import type { OooCues } from './types';

// Korean writes spaces, but particles stick to words (휴가중입니다): cues match without boundaries.
export const ko: OooCues = {
  lang: 'ko',
  noWordBoundaries: true,
  replyPrefixes: ['회신', '답장', '전달'],
  subjectAutomated: ['자동 ?회신', '자동 ?응답', '자동 ?답장'],
  subjectAbsence: ['부재 ?중', '휴가'],
  bodyAutomated: ['자동 ?회신', '자동 ?응답', '자동 ?답장', '자동으로 발송'],
  bodyAbsence: ['부재 ?중', '휴가 ?중', '사무실에 (?:없|있지 않)', '출장 ?중', '자리를 비'],
  returnAfter: ['(?:\\([월화수목금토일]\\))?\\s*(?:에|부터)?\\s*(?:복귀|돌아|출근|사무실에 복귀)'],
  untilAfter: ['(?:\\([월화수목금토일]\\))?\\s*까지'],
  dateOrder: 'YMD',
};
