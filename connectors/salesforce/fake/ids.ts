// Ids the fake mints: Salesforce's 18-character form (connectors/salesforce/ids.ts).
import { suffixOf } from '../ids';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Id number `n` with key prefix `prefix` ('00Q', ...): pod '5g' and a base-62 counter. */
export function makeId(prefix: string, n: number): string {
  let digits = '';
  let rest = n;
  do {
    digits = BASE62.charAt(rest % 62) + digits;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return suffixOf(`${prefix}5g${digits.padStart(10, '0')}`);
}
