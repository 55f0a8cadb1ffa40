import type { OooCues } from './types';

export const id: OooCues = {
  lang: 'id',
  replyPrefixes: ['bls', 'balas', 'trs', 'teruskan'],
  subjectAutomated: ['balasan otomatis', 'balas otomatis'],
  subjectAbsence: ['di luar kantor', 'sedang cuti', 'cuti'],
  bodyAutomated: ['(?:balasan|pesan|email) otomatis'],
  bodyAbsence: [
    'saya (?:sedang |saat ini )*(?:cuti|berada di luar kantor|tidak berada di kantor|dinas luar|tidak masuk kantor)',
    'di luar kantor',
  ],
  returnBefore: [
    'kembali(?:\\s+(?:ke\\s+kantor|bekerja|masuk))?',
    'masuk kantor(?:\\s+kembali)?',
    'dapat dihubungi (?:lagi|kembali)',
  ],
  untilBefore: ['hingga', 'sampai(?:\\s+dengan)?', 's\\.?d\\.?'],
  fillers: ['pada', 'tanggal', 'tgl\\.?', 'hari'],
  months: [
    'januari',
    'februari',
    'maret',
    'april',
    'mei',
    'juni',
    'juli',
    'agustus',
    'september',
    'oktober',
    'november',
    'desember',
  ],
  // "Minggu" is also "week" ("kembali minggu depan"): left out.
  weekdays: ['senin', 'selasa', 'rabu', 'kamis', 'jumat', 'sabtu', ''],
  dateOrder: 'DMY',
};
