import type { OooCues } from './types';

// Simplified and Traditional Chinese. A weekday in brackets may follow the date: 3月14日（周一）.
const WEEKDAY = '(?:[(（]?(?:周|週|星期|礼拜|禮拜)[一二三四五六日天][)）]?)?\\s*';

export const zh: OooCues = {
  lang: 'zh',
  noWordBoundaries: true,
  replyPrefixes: ['回复', '回覆', '答复', '答覆', '转发', '轉寄', '轉發'],
  subjectAutomated: ['自动答复', '自動答覆', '自动回复', '自動回覆', '自動回復'],
  subjectAbsence: ['不在办公室', '不在辦公室', '休假', '外出'],
  bodyAutomated: ['自动答复', '自動答覆', '自动回复', '自動回覆', '自動回復', '系统自动发送', '系統自動發送'],
  bodyAbsence: [
    '(?:正在|目前|现在|現在)休假',
    '休假中',
    '不在办公室',
    '不在辦公室',
    '外出(?:中|期间|期間)',
    '出差(?:中|期间|期間)',
    '无法及时回复',
    '無法及時回覆',
  ],
  returnBefore: ['将于', '將於'],
  untilBefore: ['至', '到', '直到'],
  returnAfter: [`${WEEKDAY}(?:起|后|後)?\\s*(?:返回|回到|回来|回來|回公司|返岗|返崗|上班|恢复|恢復)`],
  untilAfter: [`${WEEKDAY}(?:为止|為止|之前|前)`],
  dateOrder: 'YMD',
};
