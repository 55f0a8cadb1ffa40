import Holidays from 'date-holidays';
import { addDays } from './local-time';
import { normalizeCountry, normalizeText } from './zone-countries';

/**
 * Public holidays only (not bank, school, optional or observance days), named in English where
 * date-holidays has a translation. The instances and per-year tables are memoised: building them
 * is the expensive part and the data never changes within a process.
 */
const supported = new Set(Object.keys(new Holidays().getCountries()));
const instances = new Map<string, Holidays>();
const tables = new Map<string, Map<string, string>>();
const states = new Map<string, string | null>();

function instanceFor(country: string, region: string | null): Holidays {
  const key = `${country}|${region ?? ''}`;
  let hd = instances.get(key);
  if (!hd) {
    hd = region
      ? new Holidays(country, region, { languages: ['en'] })
      : new Holidays(country, { languages: ['en'] });
    instances.set(key, hd);
  }
  return hd;
}

/** date-holidays state code for a region code or name, or null when the country has no such state. */
function stateCode(country: string, region: string | null | undefined): string | null {
  if (!region) return null;
  const memo = `${country}|${region}`;
  const known = states.get(memo);
  if (known !== undefined) return known;
  const text = normalizeText(region);
  const code = text.toUpperCase().replace(new RegExp(`^${country}[-_ ]`), '');
  const entries = Object.entries(instanceFor(country, null).getStates(country) ?? {});
  const found = entries.find(([key, name]) => key.toUpperCase() === code || normalizeText(name) === text);
  if (states.size >= 5000) states.clear();
  states.set(memo, found?.[0] ?? null);
  return found?.[0] ?? null;
}

/** yyyy-MM-dd -> holiday name for one year, including days of multi-day holidays. */
function tableFor(country: string, state: string | null, year: number): Map<string, string> {
  const key = `${country}|${state ?? ''}|${year}`;
  let table = tables.get(key);
  if (!table) {
    table = new Map();
    for (const h of instanceFor(country, state).getHolidays(year, 'en')) {
      if (h.type !== 'public') continue;
      // `date` is local ("2025-03-30 00:00:00 -0600" for holidays that begin at sunset); the date part is the day.
      const first = h.date.slice(0, 10);
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      for (let i = 0; i < days; i++) {
        const day = addDays(first, i);
        if (!table.has(day)) table.set(day, h.name);
      }
    }
    tables.set(key, table);
  }
  return table;
}

/**
 * The public holiday on a local date ('yyyy-MM-dd') in a country (code or name) and optional
 * state/province, or null. Unknown countries have no holidays.
 */
export function isHoliday(
  localDate: string,
  country?: string | null | undefined,
  region?: string | null | undefined,
): string | null {
  const code = normalizeCountry(country);
  if (!code || !supported.has(code)) return null;
  const state = stateCode(code, region);
  const year = Number(localDate.slice(0, 4));
  // A multi-day holiday that starts late in December continues into the next year.
  return tableFor(code, state, year).get(localDate) ?? tableFor(code, state, year - 1).get(localDate) ?? null;
}
