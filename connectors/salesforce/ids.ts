// Salesforce record ids: 15 case-sensitive characters, plus (in the 18-character form every API
// answer and Apex `Id` uses) a 3-character suffix that encodes the case of the first 15, five
// letters per suffix character. We store the 18-character form, so a callout is matched on it.
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const isUpper = (ch: string) => ch >= 'A' && ch <= 'Z';
const isLetter = (ch: string) => isUpper(ch) || (ch >= 'a' && ch <= 'z');

const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?$/;

/** The 18-character form of a 15-character Id (no check: the fake mints ids with it). */
export function suffixOf(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) if (isUpper(id15.charAt(chunk * 5 + i))) bits |= 1 << i;
    suffix += SUFFIX.charAt(bits);
  }
  return id15 + suffix;
}

/**
 * The canonical 18-character Id: a 15-character one gains its suffix; an 18-character one gets
 * the case its suffix says (tools that lower-case ids, e.g. spreadsheets, still match). Null when
 * it is not an Id, or the suffix claims a capital where there is a digit.
 */
export function canonicalRecordId(raw: string): string | null {
  if (!ID.test(raw)) return null;
  if (raw.length === 15) return suffixOf(raw);
  const suffix = raw.slice(15).toUpperCase();
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    const bits = SUFFIX.indexOf(suffix.charAt(chunk));
    for (let i = 0; i < 5; i += 1) {
      const ch = raw.charAt(chunk * 5 + i);
      const upper = (bits & (1 << i)) !== 0;
      if (upper && !isLetter(ch)) return null;
      id15 += isLetter(ch) ? (upper ? ch.toUpperCase() : ch.toLowerCase()) : ch;
    }
  }
  return id15 + suffix;
}

/** What a record id names, from its key prefix: only Leads and Contacts are people we write to. */
export function personKind(id: string): 'Lead' | 'Contact' | null {
  if (id.startsWith('00Q')) return 'Lead';
  if (id.startsWith('003')) return 'Contact';
  return null;
}
