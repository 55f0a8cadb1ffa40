import type { OooCues } from './types';

export const ms: OooCues = {
  lang: 'ms',
  replyPrefixes: ['balas'],
  subjectAutomated: ['balasan automatik', 'jawapan automatik'],
  subjectAbsence: ['di luar pejabat', 'bercuti', 'cuti'],
  bodyAutomated: ['(?:balasan|jawapan|mesej|e-?mel) automatik'],
  bodyAbsence: [
    'saya (?:sedang |kini )*(?:bercuti|bercuti tahunan|berada di luar pejabat|tiada di pejabat|tidak berada di pejabat|bertugas di luar)',
    'di luar pejabat',
  ],
  returnBefore: ['kembali(?:\\s+(?:ke\\s+pejabat|bertugas|bekerja))?', 'masuk pejabat'],
  untilBefore: ['sehingga', 'hingga', 'sampai'],
  fillers: ['pada', 'hari', 'tarikh'],
  months: [
    'januari',
    'februari',
    'mac',
    'april',
    'mei',
    'jun',
    'julai',
    'ogos',
    'september',
    'oktober',
    'november',
    'disember',
  ],
  weekdays: ['isnin', 'selasa', 'rabu', 'khamis', 'jumaat', 'sabtu', 'ahad'],
  dateOrder: 'DMY',
};
