import { z } from 'zod';
import { normalizeCountry } from './zone-countries';

/** `country`: the contact's country's weekend (CLDR); `sat_sun`: everyone's; a list: these ISO weekdays. */
export type WeekendRule = 'country' | 'sat_sun' | readonly number[];

export interface Weekend {
  /** ISO weekdays, Monday = 1. */
  days: readonly number[];
  /** What the days rest on, for reasons: "weekend in IL: Fri,Sat". */
  basis: string;
}

const weekdaySchema = z.number().int().min(1).max(7);

export const weekendRuleSchema = z.union([
  z.enum(['country', 'sat_sun']),
  z
    .array(weekdaySchema, { error: 'weekend is "country", "sat_sun" or a list of weekdays 1-7 (Monday = 1)' })
    .max(6, { error: 'a weekend cannot cover every day' })
    .refine((days) => new Set(days).size === days.length, { error: 'a weekday is listed twice' }),
]);

const SAT_SUN: readonly number[] = [6, 7];
const NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const names = (days: readonly number[]): string => days.map((d) => NAMES[d - 1] ?? String(d)).join(',');

/**
 * CLDR 48 weekData (Node 24 and workerd both ship it) for territories whose weekend is not
 * Sat-Sun; used only where the runtime's Intl has no week info.
 */
const FALLBACK: Record<string, readonly number[]> = {
  IR: [5],
  AF: [4, 5],
  IN: [7],
  UG: [7],
  ...Object.fromEntries(
    'BH DZ EG IL IQ JO KW LY OM QA SA SD SY YE'.split(' ').map((c): [string, number[]] => [c, [5, 6]]),
  ),
};

type WeekInfo = { weekend?: number[] };
type LocaleWithWeek = Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };

const memo = new Map<string, readonly number[]>();

/** The weekend days of a territory from the runtime's CLDR data (Intl.Locale week info). */
function territoryWeekend(code: string): readonly number[] {
  const known = memo.get(code);
  if (known) return known;
  let days: readonly number[] | undefined;
  try {
    const locale = new Intl.Locale(`und-${code}`) as LocaleWithWeek;
    const info = typeof locale.getWeekInfo === 'function' ? locale.getWeekInfo() : locale.weekInfo;
    if (Array.isArray(info?.weekend)) days = [...info.weekend].sort((a, b) => a - b);
  } catch {
    days = undefined;
  }
  const result = days ?? FALLBACK[code] ?? SAT_SUN;
  memo.set(code, result);
  return result;
}

/** The weekend a rule gives for a contact's country (code or name); unknown countries get Sat-Sun. */
export function resolveWeekend(rule: WeekendRule, country: string | null | undefined): Weekend {
  if (rule === 'sat_sun') return { days: SAT_SUN, basis: 'weekend Sat,Sun (settings)' };
  if (rule !== 'country') return { days: rule, basis: `weekend ${names(rule) || 'none'} (settings)` };
  const code = normalizeCountry(country);
  if (!code) return { days: SAT_SUN, basis: 'weekend Sat,Sun (country unknown)' };
  const days = territoryWeekend(code);
  return { days, basis: `weekend in ${code}: ${names(days)}` };
}
