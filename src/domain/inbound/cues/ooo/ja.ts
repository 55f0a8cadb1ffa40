import type { OooCues } from './types';

const WEEKDAY = '(?:[(（][月火水木金土日][)）])?\\s*';

export const ja: OooCues = {
  lang: 'ja',
  noWordBoundaries: true,
  replyPrefixes: ['返信', '転送'],
  subjectAutomated: ['自動返信', '自動応答'],
  subjectAbsence: ['不在', '休暇'],
  bodyAutomated: ['自動返信', '自動応答', '自動送信'],
  bodyAbsence: [
    '不在に(?:して|なり)',
    '休暇を(?:いただ|取)',
    '出張(?:のため|中)',
    'オフィスを離れ',
    '休業',
    'お休みを(?:いただ|頂)',
  ],
  returnAfter: [`${WEEKDAY}(?:より|から|以降|に)?\\s*(?:出社|出勤|戻|復帰|通常|営業|対応|返信)`],
  untilAfter: [`${WEEKDAY}まで`],
  dateOrder: 'YMD',
};
