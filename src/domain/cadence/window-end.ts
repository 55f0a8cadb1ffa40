import { wallOf, windowCloseAfter } from './local-time';
import { parseClock, type SendWindow } from './settings';

/**
 * The instant the window that holds `now` closes in `zone` (today's local date; the first instant
 * whose clock is outside it), or null when `now` is not inside the window's hours on one of its
 * days. Weekend and holiday rules are the planner's: this only reads the clock. DST-exact: a
 * 17:00 end on a 25-hour day is 17:00 by the clock, and a 24:00 end is the next local midnight (or
 * the jump that skips it).
 */
export function windowEnd(now: Date, zone: string, window: SendWindow): Date | null {
  const at = now.getTime();
  const wall = wallOf(at, zone);
  if (!window.days.includes(wall.weekday)) return null;
  const closes = windowCloseAfter(zone, wall.date, parseClock(window.start), parseClock(window.end), at);
  return closes === null ? null : new Date(closes);
}

/** The last instant still inside a window that closes at `closesAt` (the window is half-open). */
export const lastInstantBefore = (closesAt: Date): Date => new Date(closesAt.getTime() - 1);
