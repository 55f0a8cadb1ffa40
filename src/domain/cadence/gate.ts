import { DAY_MS, HOUR_MS } from './local-time';
import { type Reason, reason } from './reasons';

export interface CapRule {
  /** At most this many mails... */
  count: number;
  /** ...in any rolling window of this many days. */
  days: number;
}

export interface SendGateInput {
  /** The instant the send would go out (at send time: the clock). */
  now: Date;
  /**
   * This contact's mail sends across ALL sequences, sent or pending, excluding the send being
   * checked. Later entries (already scheduled) are respected too: spacing applies both ways.
   */
  recentSends: readonly Date[];
  minSpacingHours: number;
  cap: CapRule;
}

export type SendGateDecision = { allowed: true } | { allowed: false; notBefore: Date; reasons: Reason[] };

const iso = (at: number): string => new Date(at).toISOString();

/** The send closest to `at` that is within the spacing, if any. */
function spacingConflict(at: number, sends: readonly number[], spacingMs: number): number | null {
  let worst: number | null = null;
  for (const s of sends) {
    if (Math.abs(at - s) < spacingMs && (worst === null || Math.abs(at - s) < Math.abs(at - worst)))
      worst = s;
  }
  return worst;
}

/**
 * The earliest of `count` sends that would share a rolling window with `at`, or null. A window is
 * [x, x + W): `at` plus `count` sorted neighbours s[i..i+count-1] fit in one iff their spread < W.
 */
function capConflict(at: number, sorted: readonly number[], cap: CapRule): number | null {
  const windowMs = cap.days * DAY_MS;
  for (let i = 0; i + cap.count <= sorted.length; i++) {
    const first = sorted[i] as number;
    const last = sorted[i + cap.count - 1] as number;
    if (Math.max(at, last) - Math.min(at, first) < windowMs) return first;
  }
  return null;
}

/**
 * Invariant 6: minimum spacing and the rolling cap across all of a contact's sequences, decided
 * at send time. Forbidden instants are a union of open intervals that end at `send + spacing` or
 * `send + cap window`, so the earliest allowed instant is `now` or one of those ends.
 */
export function checkSendGate(input: SendGateInput): SendGateDecision {
  const at = input.now.getTime();
  const sends = input.recentSends.map((d) => d.getTime()).sort((a, b) => a - b);
  const spacingMs = Math.max(0, input.minSpacingHours) * HOUR_MS;
  const blocked = (t: number): boolean =>
    spacingConflict(t, sends, spacingMs) !== null || capConflict(t, sends, input.cap) !== null;
  if (!blocked(at)) return { allowed: true };

  const windowMs = input.cap.days * DAY_MS;
  const candidates = [...new Set(sends.flatMap((s) => [s + spacingMs, s + windowMs]))]
    .filter((t) => t > at)
    .sort((a, b) => a - b);
  // The last candidate (latest send + the longer rule) is always free, so this finds one.
  const notBefore = candidates.find((t) => !blocked(t)) ?? Math.max(...sends) + Math.max(spacingMs, windowMs);

  const reasons: Reason[] = [];
  const near = spacingConflict(at, sends, spacingMs);
  if (near !== null) {
    reasons.push(
      reason(
        'spacing',
        `mail at ${iso(near)} is within ${input.minSpacingHours}h of ${iso(at)}; not before ${iso(notBefore)}`,
      ),
    );
  }
  const oldest = capConflict(at, sends, input.cap);
  if (oldest !== null) {
    reasons.push(
      reason(
        'cap',
        `${input.cap.count} mails already within ${input.cap.days} days of ${iso(at)} (cap ${input.cap.count} per ` +
          `${input.cap.days} days); the mail at ${iso(oldest)} leaves the window at ${iso(oldest + windowMs)}`,
      ),
    );
  }
  return { allowed: false, notBefore: new Date(notBefore), reasons };
}
