import { OOO_LANGUAGES } from './cues/ooo';

/**
 * Month and weekday names of every language in cues/ooo/, as lookups and regex alternations.
 * Short forms that are also common words ("out", "set", "ago", "sat") are left out of the data on purpose.
 */
type Table = ReadonlyArray<readonly string[] | undefined>;

// "_" in the data joins a name of two words ("tháng_3", "كانون_الثاني"): any whitespace in text.
const key = (name: string) =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');

/** Names that two languages give different numbers; kept first-come, and a test asserts there are none. */
export const NAME_CONFLICTS: string[] = [];

function lookup(tables: Table): Map<string, number> {
  const map = new Map<string, number>();
  for (const table of tables) {
    table?.forEach((names, i) => {
      for (const name of names.split(' ').filter(Boolean)) {
        const k = key(name);
        const known = map.get(k);
        if (known === undefined) map.set(k, i + 1);
        else if (known !== i + 1) NAME_CONFLICTS.push(k);
      }
    });
  }
  return map;
}

const MONTH_BY_NAME = lookup(OOO_LANGUAGES.map((l) => l.months));
const WEEKDAY_BY_NAME = lookup(OOO_LANGUAGES.map((l) => l.weekdays));

/** Month number (1-12) of a matched name, or undefined. */
export const monthNumber = (name: string) => MONTH_BY_NAME.get(key(name));
/** ISO weekday number (1 = Monday) of a matched name, or undefined. */
export const weekdayNumber = (name: string) => WEEKDAY_BY_NAME.get(key(name));

const asPattern = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');

/** Regex alternation, longest first so "septiembre" wins over "sep". */
function alternation(names: Iterable<string>): string {
  return [...names]
    .sort((a, b) => b.length - a.length)
    .map(asPattern)
    .join('|');
}

export const MONTH_PATTERN = alternation(MONTH_BY_NAME.keys());
export const WEEKDAY_PATTERN = alternation(WEEKDAY_BY_NAME.keys());
