import type { OooCues } from './types';

export const ro: OooCues = {
  lang: 'ro',
  replyPrefixes: ['răs', 'răsp', 'rasp', 'redir'],
  subjectAutomated: ['răspuns automat', 'raspuns automat'],
  subjectAbsence: ['în afara biroului', 'in afara biroului', 'concediu', 'absent\\p{L}*'],
  bodyAutomated: ['(?:răspuns|raspuns|mesaj) automat', 'mesaj generat automat'],
  bodyAbsence: [
    '(?:sunt|voi fi) (?:momentan |în prezent )?(?:în concediu|in concediu|în afara biroului|in afara biroului|plecat\\p{L}* (?:din țară|în delegație))',
    'în afara biroului',
    'absent\\p{L}* din birou',
  ],
  returnBefore: [
    'revin(?:\\s+(?:la|în)\\s+birou)?',
    'mă (?:voi )?întoarce?',
    'voi reveni',
    'înapoi(?:\\s+la\\s+birou)?',
  ],
  untilBefore: ['până (?:pe|la|în)', 'pana (?:pe|la|in)'],
  fillers: ['pe', 'în', 'la', 'data', 'de', 'din'],
  months: [
    'ianuarie ian',
    'februarie feb',
    'martie',
    'aprilie',
    'mai',
    'iunie',
    'iulie',
    'august',
    'septembrie sept',
    'octombrie oct',
    'noiembrie',
    'decembrie dec',
  ],
  weekdays: ['luni', 'marți marti', 'miercuri', 'joi', 'vineri', 'sâmbătă sambata', 'duminică duminica'],
  dateOrder: 'DMY',
};
