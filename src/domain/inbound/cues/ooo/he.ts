import type { OooCues } from './types';

// Hebrew glues "in" (ב) to the month: "ב-14 במרץ". Month names are listed with and without it.
const months = [
  'ינואר',
  'פברואר',
  'מרץ',
  'אפריל',
  'מאי',
  'יוני',
  'יולי',
  'אוגוסט',
  'ספטמבר',
  'אוקטובר',
  'נובמבר',
  'דצמבר',
];

export const he: OooCues = {
  lang: 'he',
  replyPrefixes: ['השב', 'העבר', 'תגובה'],
  subjectAutomated: ['תשובה אוטומטית', 'מענה אוטומטי'],
  subjectAbsence: ['מחוץ למשרד', 'בחופשה', 'חופשה'],
  bodyAutomated: ['(?:תשובה|הודעה) אוטומטית', 'מענה אוטומטי'],
  bodyAbsence: [
    '(?:אני |הנני )?(?:נמצא(?:ת)? )?(?:מחוץ למשרד|בחופשה|בחופשת \\p{L}+)',
    'אינני במשרד',
    'לא נמצא(?:ת)? במשרד',
  ],
  returnBefore: ['אחזור(?:\\s+למשרד)?', 'אשוב(?:\\s+למשרד)?', 'אהיה (?:זמין|זמינה)', 'חוזר(?:ת)? למשרד'],
  untilBefore: ['עד'],
  fillers: ['ב', 'ה', 'יום', 'בתאריך'],
  months: months.map((m) => `${m} ב${m}`),
  dateOrder: 'DMY',
};
