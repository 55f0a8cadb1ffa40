import { DateTime } from 'luxon';
import { MONTH_PATTERN, monthNumber, WEEKDAY_PATTERN, weekdayNumber } from './date-words';
import { DATE_KEYWORDS_AFTER, DATE_KEYWORDS_BEFORE, type KeywordKind } from './return-date-keywords';

type Resolver = (today: DateTime) => DateTime | undefined;
type Found = { index: number; end: number; resolve: Resolver };
type Groups = Partial<Record<'wd' | 'y' | 'm' | 'mn' | 'd' | 'a' | 'b', string>>;

// A digit glued to a Latin, Cyrillic or Greek letter is a code ("A12"); Thai, Hebrew, Arabic glue words to dates.
const L = '(?<![\\p{N}\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Greek}])';
const R = '(?![\\p{L}\\p{M}\\p{N}])';
const WD = `(?:(?<wd>${WEEKDAY_PATTERN})\\.?,?\\s+(?:the\\s+|den\\s+|le\\s+|el\\s+)?)?`;
const ORD = '(?:st|nd|rd|th|er|e|º|°)?';
const YEAR = '(?<y>\\d{4}|\\d{2}(?!\\d))';

/** Date shapes, most specific first: a later shape overlapping an earlier match is dropped. */
const SHAPES: readonly RegExp[] = [
  `${L}(?<y>\\d{4})(?:[-/]|\\.\\s?)(?<m>\\d{1,2})(?:[-/]|\\.\\s?)(?<d>\\d{1,2})${R}`,
  `(?:(?<y>\\d{4})年\\s*)?(?<m>\\d{1,2})月\\s*(?<d>\\d{1,2})[日号號]`,
  `(?:(?<y>\\d{4})년\\s*)?(?<m>\\d{1,2})월\\s*(?<d>\\d{1,2})일`,
  // Hungarian: "2026. március 14."
  `${L}(?<y>\\d{4})\\.?\\s+(?<mn>${MONTH_PATTERN})\\.?\\s+(?<d>\\d{1,2})${R}`,
  `${L}${WD}(?<d>\\d{1,2})${ORD}\\.?\\s*(?:of\\s+|de\\s+)?(?<mn>${MONTH_PATTERN})\\.?${R}(?:,?\\s*(?:de\\s+|năm\\s+)?(?<y>\\d{4})${R})?`,
  `${L}${WD}(?<mn>${MONTH_PATTERN})\\.?\\s+(?<d>\\d{1,2})${ORD}${R}(?!:)(?:,?\\s+(?<y>\\d{4})${R})?`,
  // German/Dutch/Polish "12.01." or "12.01.2026": the dot after the month tells it from a time.
  `${L}${WD}(?<d>\\d{1,2})\\.\\s?(?<m>\\d{1,2})\\.(?:\\s?${YEAR})?`,
  // Slashes: 12/01 is 12 January in most of the world, 1 December in the US; see slashDate.
  `${L}${WD}(?<a>\\d{1,2})\\/(?<b>\\d{1,2})(?:\\/${YEAR})?${R}`,
  `${L}${WD}(?<a>\\d{1,2})-(?<b>\\d{1,2})-${YEAR}${R}`,
  // "Monday 5th": the next 5th that falls on a Monday.
  `${L}(?<wd>${WEEKDAY_PATTERN}),?\\s+(?:the\\s+)?(?<d>\\d{1,2})${ORD}\\.?${R}`,
  `${L}(?<wd>${WEEKDAY_PATTERN})${R}`,
].map((source) => new RegExp(source, 'giu'));

const num = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const fullYear = (value: string | undefined) => {
  const year = num(value);
  if (year !== undefined && year < 100) return 2000 + year;
  // Thai mail counts years in the Buddhist era: 2569 is 2026.
  return year !== undefined && year > 2400 ? year - 543 : year;
};
// Arabic-Indic, Persian and Devanagari digits read as ASCII ones.
const DIGIT_ZERO = [0x660, 0x6f0, 0x966];
const asciiDigits = (text: string) =>
  text.replace(/[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]/g, (c) => {
    const code = c.charCodeAt(0);
    const zero = DIGIT_ZERO.find((z) => code >= z && code <= z + 9) ?? code;
    return String(code - zero);
  });

function resolver(groups: Groups): Resolver {
  const weekday = groups.wd ? weekdayNumber(groups.wd) : undefined;
  const year = fullYear(groups.y);
  return (today) => {
    if (groups.a !== undefined && groups.b !== undefined) {
      return slashDate(today, Number(groups.a), Number(groups.b), year, weekday);
    }
    const month = groups.mn ? monthNumber(groups.mn) : num(groups.m);
    const day = num(groups.d);
    if (month !== undefined && day !== undefined) return fixed(today, { year, month, day, weekday });
    if (day !== undefined) return weekdayDay(today, weekday, day);
    return nextWeekday(today, weekday);
  };
}

/**
 * When both readings of a/b are valid dates, take the one that comes first from today: an absence is
 * days or weeks long, so the nearer reading is the likelier one, whatever the sender's locale.
 */
function slashDate(
  today: DateTime,
  a: number,
  b: number,
  year: number | undefined,
  weekday: number | undefined,
) {
  const dayFirst = fixed(today, { year, month: b, day: a, weekday });
  const monthFirst = fixed(today, { year, month: a, day: b, weekday });
  const upcoming = [dayFirst, monthFirst].filter((d): d is DateTime => d !== undefined && d >= today);
  return upcoming.sort((x, y) => x.toMillis() - y.toMillis())[0] ?? dayFirst ?? monthFirst;
}

type DateParts = { year: number | undefined; month: number; day: number; weekday: number | undefined };

/**
 * A date without a year that already passed this year means next year, unless the stated weekday only
 * fits this year: then it is a stale out-of-office and the (past) date is what the sender meant.
 */
function fixed(today: DateTime, { year, month, day, weekday }: DateParts): DateTime | undefined {
  const on = (y: number) => DateTime.fromObject({ year: y, month, day }, { zone: 'utc' });
  if (year !== undefined) return on(year).isValid ? on(year) : undefined;
  const [thisYear, nextYear] = [on(today.year), on(today.year + 1)];
  if (!thisYear.isValid && !nextYear.isValid) return undefined;
  const fallback = thisYear.isValid && thisYear >= today ? thisYear : nextYear;
  if (weekday === undefined) return fallback.isValid ? fallback : undefined;
  return [fallback, thisYear, nextYear].find((d) => d.isValid && d.weekday === weekday) ?? fallback;
}

function weekdayDay(today: DateTime, weekday: number | undefined, day: number) {
  // Month by month from this one; months without that day (the 31st) are skipped, not shifted.
  const candidates = Array.from({ length: 13 }, (_, i) => {
    const month = today.startOf('month').plus({ months: i });
    return DateTime.fromObject({ year: month.year, month: month.month, day }, { zone: 'utc' });
  }).filter((d) => d.isValid && d >= today);
  return candidates.find((d) => d.weekday === weekday) ?? candidates[0];
}

function nextWeekday(today: DateTime, weekday: number | undefined) {
  if (weekday === undefined) return undefined;
  const ahead = ((weekday - today.weekday + 6) % 7) + 1;
  return today.plus({ days: ahead });
}

function findDates(text: string): Found[] {
  const found: Found[] = [];
  for (const shape of SHAPES) {
    for (const match of text.matchAll(shape)) {
      const index = match.index;
      const end = index + match[0].length;
      if (found.some((f) => index < f.end && end > f.index)) continue;
      found.push({ index, end, resolve: resolver(match.groups ?? {}) });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

function keywordFor(text: string, date: Found): KeywordKind | undefined {
  const before = text.slice(Math.max(0, date.index - 80), date.index);
  // Room for a weekday between the date and the cue ("16 Mart Pazartesi günü ofise döneceğim").
  const after = text.slice(date.end, date.end + 60);
  const hit =
    DATE_KEYWORDS_AFTER.find((k) => k.kind === 'return' && k.pattern.test(after)) ??
    DATE_KEYWORDS_BEFORE.find((k) => k.pattern.test(before)) ??
    DATE_KEYWORDS_AFTER.find((k) => k.pattern.test(after));
  return hit?.kind;
}

/**
 * The date an out-of-office says its sender is back, as an ISO date. A date counts only when a
 * "back on / returning / de retour / terug op" cue (preferred) or an "until / bis / hasta / まで" cue
 * ties it to the absence; other dates (when the absence started, a colleague's hours) are ignored.
 */
export function extractReturnDate(text: string, now: Date): string | undefined {
  const normalised = asciiDigits(text.normalize('NFKC'));
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
  let best: { rank: number; date: DateTime } | undefined;
  for (const found of findDates(normalised)) {
    const keyword = keywordFor(normalised, found);
    if (!keyword) continue;
    const rank = keyword === 'return' ? 2 : 1;
    if (best && best.rank >= rank) continue;
    const date = found.resolve(today);
    if (date) best = { rank, date };
  }
  return best?.date.toISODate() ?? undefined;
}
