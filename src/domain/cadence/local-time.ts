import { DateTime, IANAZone } from 'luxon';

/**
 * Wall-clock <-> instant conversions that are exact across DST. Luxon's own resolution of a
 * repeated local time is not stable (it picked the later 01:30 in New York but the earlier 02:30
 * in Sydney when checked), so the rules are ours: a local date + clock time means the FIRST instant
 * on that date whose clock reads at least that time. A time skipped by a spring-forward gap
 * therefore means the end of the gap (02:30 -> 03:00 in New York), and a time repeated by a
 * fall-back overlap means its first occurrence (01:30 EDT, not 01:30 EST).
 */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface Wall {
  /** yyyy-MM-dd in the zone. */
  date: string;
  /** ISO weekday, Monday = 1. */
  weekday: number;
  /** What the clock shows, in ms since local midnight. */
  msOfDay: number;
}

const zoneCache = new Map<string, IANAZone>();

function zoneOf(name: string): IANAZone {
  let zone = zoneCache.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    // A bug, not an expected failure: zones come from resolveZone or validated settings.
    if (!zone.isValid) throw new Error(`Invalid IANA zone "${name}"`);
    zoneCache.set(name, zone);
  }
  return zone;
}

export const offsetMs = (zone: string, at: number): number => zoneOf(zone).offset(at) * MINUTE_MS;

/** Midnight of a local date as if it were UTC: the "local epoch" used for wall-clock arithmetic. */
export function localMidnight(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) throw new Error(`Bad local date "${date}"`);
  return Date.UTC(y, m - 1, d);
}

export const addDays = (date: string, days: number): string =>
  new Date(localMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);

export const weekdayOf = (date: string): number => ((new Date(localMidnight(date)).getUTCDay() + 6) % 7) + 1;

export function wallOf(at: number, zone: string): Wall {
  const local = at + offsetMs(zone, at);
  const date = new Date(local).toISOString().slice(0, 10);
  return { date, weekday: weekdayOf(date), msOfDay: local - localMidnight(date) };
}

/** ISO text with the zone's offset, for reasons and audit rows. */
export const formatLocal = (at: number, zone: string): string =>
  DateTime.fromMillis(at, { zone: zoneOf(zone) }).toISO({ suppressMilliseconds: true }) ?? String(at);

interface DayOffsets {
  offsets: number[];
  /** Instants at which the offset changes, near this local date. */
  transitions: number[];
}

const dayCache = new Map<string, DayOffsets>();
const DAY_CACHE_LIMIT = 10_000;

/** Offsets and transitions for every instant whose local date could be `date` (offsets within +-15h). */
function dayOffsets(zone: string, date: string): DayOffsets {
  const key = `${zone}|${date}`;
  const cached = dayCache.get(key);
  if (cached) return cached;
  const midnight = localMidnight(date);
  const step = 3 * HOUR_MS; // real zones never change offset twice within 3 hours
  const offsets = new Set<number>();
  const transitions: number[] = [];
  let prevAt = midnight - 15 * HOUR_MS;
  let prev = offsetMs(zone, prevAt);
  offsets.add(prev);
  for (let at = prevAt + step; at <= midnight + 39 * HOUR_MS; at += step) {
    const current = offsetMs(zone, at);
    offsets.add(current);
    if (current !== prev) transitions.push(findTransition(zone, prevAt, at, prev));
    prevAt = at;
    prev = current;
  }
  const result = { offsets: [...offsets], transitions };
  if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.clear();
  dayCache.set(key, result);
  return result;
}

/** First whole second in (lo, hi] whose offset differs from `loOffset`; lo and hi are whole seconds. */
function findTransition(zone: string, lo: number, hi: number, loOffset: number): number {
  let a = lo;
  let b = hi;
  while (b - a > SECOND_MS) {
    const mid = a + Math.floor((b - a) / 2 / SECOND_MS) * SECOND_MS;
    if (offsetMs(zone, mid) === loOffset) a = mid;
    else b = mid;
  }
  return b;
}

/** Instants whose clock reads exactly `msOfDay` on `date`: none inside a gap, two inside an overlap. */
export function instantsAtWall(zone: string, date: string, msOfDay: number): number[] {
  const local = localMidnight(date) + msOfDay;
  const found: number[] = [];
  for (const offset of dayOffsets(zone, date).offsets) {
    const at = local - offset;
    if (offsetMs(zone, at) === offset && !found.includes(at)) found.push(at);
  }
  return found.sort((a, b) => a - b);
}

/** Whether the clock at `at` shows `date` and a time in [startMs, endMs). */
export function isInWindow(at: number, zone: string, date: string, startMs: number, endMs: number): boolean {
  const wall = wallOf(at, zone);
  return wall.date === date && wall.msOfDay >= startMs && wall.msOfDay < endMs;
}

/**
 * Earliest instant >= notBefore whose local date is `date` and clock is in [startMs, endMs), or null.
 * The valid instants form half-open intervals; each starts at notBefore, at an instant where the
 * clock reads exactly startMs, or at an offset transition (the clock jumps into the window), so
 * checking those candidates is exact.
 */
export function firstInstantInWindow(
  zone: string,
  date: string,
  startMs: number,
  endMs: number,
  notBefore: number,
): number | null {
  const candidates = [
    notBefore,
    ...instantsAtWall(zone, date, startMs),
    ...dayOffsets(zone, date).transitions,
  ];
  let best: number | null = null;
  for (const at of candidates) {
    if (!Number.isFinite(at) || at < notBefore || (best !== null && at >= best)) continue;
    if (isInWindow(at, zone, date, startMs, endMs)) best = at;
  }
  return best;
}

/**
 * When the stretch of [startMs, endMs) on `date` that holds `at` ends: the first later instant whose
 * clock is outside it, or null when `at` is not inside. Moving forward, the clock leaves the window
 * only by reaching endMs (the next date's 00:00 for a 24:00 end) or by an offset jump, so checking
 * those candidates is exact. A fall-back overlap can bring the clock back in later; that is a new
 * stretch, not this one.
 */
export function windowCloseAfter(
  zone: string,
  date: string,
  startMs: number,
  endMs: number,
  at: number,
): number | null {
  if (!isInWindow(at, zone, date, startMs, endMs)) return null;
  const candidates = [...instantsAtWall(zone, date, endMs), ...dayOffsets(zone, date).transitions]
    .filter((t) => t > at)
    .sort((a, b) => a - b);
  for (const t of candidates) if (!isInWindow(t, zone, date, startMs, endMs)) return t;
  // Unreachable: the clock reads endMs on `date` unless a jump skips it, and jumps are candidates.
  throw new Error(`No window end after ${new Date(at).toISOString()} on ${date} in ${zone}`);
}

/** The instant meant by a local date and clock time, by the rule at the top of this file. */
export function resolveWall(zone: string, date: string, msOfDay: number): number {
  // If the rest of the day does not exist (Samoa skipped 2011-12-30), take the next day's start.
  for (let i = 0; i < 3; i++) {
    const at = firstInstantInWindow(zone, addDays(date, i), i === 0 ? msOfDay : 0, DAY_MS, -Infinity);
    if (at !== null) return at;
  }
  throw new Error(`No instant for ${date} +${msOfDay}ms in ${zone}`);
}
