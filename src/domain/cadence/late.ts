import { formatLocal, SECOND_MS, wallOf } from './local-time';
import { type Reason, reason } from './reasons';
import type { SendWindow } from './settings';
import { windowEnd } from './window-end';

export interface LateInput {
  /** When the step was due (the enrollment's step_due_at). */
  plannedAt: Date;
  /** When the job actually ran. */
  now: Date;
  zone: string;
  window: SendWindow;
  /** The slot the step moves to. */
  next: Date;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-12-04 16:59" (or "16:59") on the zone's clock; seconds only when they are not zero. */
function clockText(at: number, zone: string, withDate: boolean): string {
  const wall = wallOf(at, zone);
  const s = Math.floor(wall.msOfDay / SECOND_MS);
  const time = `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}${s % 60 ? `:${pad(s % 60)}` : ''}`;
  return withDate ? `${wall.date} ${time}` : time;
}

/**
 * A `late` reason when the step was planned inside a window that had closed by the time the job
 * ran, else null (not late, or planned outside the window, so the window rule is the reason).
 * The caller asks only when the window or day rules refused `now`.
 */
export function lateReason(input: LateInput): Reason | null {
  const { plannedAt, now, zone, window } = input;
  if (now.getTime() <= plannedAt.getTime()) return null;
  const closes = windowEnd(plannedAt, zone, window);
  if (closes === null || closes.getTime() > now.getTime()) return null;
  const sameDay = wallOf(plannedAt.getTime(), zone).date === wallOf(now.getTime(), zone).date;
  return reason(
    'late',
    `due ${clockText(plannedAt.getTime(), zone, true)} ${zone}, ran at ${clockText(now.getTime(), zone, !sameDay)}, ` +
      `after the ${window.start}-${window.end} window closed; next slot ${formatLocal(input.next.getTime(), zone)}`,
  );
}
