import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type CapRule, checkSendGate } from '../../../src/domain/cadence/gate';
import { nextAllowedSlot } from '../../../src/domain/cadence/next-slot';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = Date.parse('2025-01-06T10:00:00Z');
const at = (ms: number): Date => new Date(ms);
const rules = { minSpacingHours: 24, cap: { count: 3, days: 7 } };

// Property runs take about a second each; leave room on a loaded CI machine.
const slow = { timeout: 30_000 };

describe('checkSendGate', () => {
  it('allows the first mail', () => {
    expect(checkSendGate({ now: at(t0), recentSends: [], ...rules })).toEqual({ allowed: true });
  });

  it('pushes the second of two mails due at the same moment to last + spacing', () => {
    const r = checkSendGate({ now: at(t0), recentSends: [at(t0)], ...rules });
    expect(r.allowed).toBe(false);
    if (r.allowed) return;
    expect(r.notBefore).toEqual(at(t0 + 24 * HOUR));
    expect(r.reasons.map((x) => x.code)).toEqual(['spacing']);
    expect(r.reasons[0]?.detail).toContain('24h');
  });

  it('waits for the oldest mail to leave the rolling window when the cap is reached', () => {
    const sends = [at(t0), at(t0 + 2 * DAY), at(t0 + 4 * DAY)];
    const r = checkSendGate({ now: at(t0 + 5 * DAY), recentSends: sends, ...rules });
    expect(r.allowed).toBe(false);
    if (r.allowed) return;
    expect(r.notBefore).toEqual(at(t0 + 7 * DAY));
    expect(r.reasons.map((x) => x.code)).toEqual(['cap']);
    expect(r.reasons[0]?.detail).toContain('cap 3 per 7 days');
  });

  it('names both rules when both block, and satisfies both at notBefore', () => {
    const sends = [at(t0), at(t0 + 3 * DAY), at(t0 + 6 * DAY)];
    const r = checkSendGate({ now: at(t0 + 6 * DAY + HOUR), recentSends: sends, ...rules });
    if (r.allowed) throw new Error('expected a refusal');
    expect(r.reasons.map((x) => x.code)).toEqual(['spacing', 'cap']);
    // Spacing allows day 6 + 24h = day 7; the cap also allows day 7, when the day-0 mail drops out.
    expect(r.notBefore).toEqual(at(t0 + 7 * DAY));
    expect(checkSendGate({ now: r.notBefore, recentSends: sends, ...rules })).toEqual({ allowed: true });
  });

  it('respects mails already scheduled later (pending), not only past ones', () => {
    const r = checkSendGate({ now: at(t0), recentSends: [at(t0 + 2 * HOUR)], ...rules });
    if (r.allowed) throw new Error('expected a refusal');
    expect(r.notBefore).toEqual(at(t0 + 26 * HOUR));
  });

  it('treats spacing 0 as off', () => {
    const r = checkSendGate({
      now: at(t0),
      recentSends: [at(t0)],
      minSpacingHours: 0,
      cap: { count: 5, days: 1 },
    });
    expect(r).toEqual({ allowed: true });
  });
});

/** Every rolling window [s, s + W) holds at most cap.count sends, and consecutive sends keep the spacing. */
function expectWithinRules(sends: number[], spacingHours: number, cap: CapRule): void {
  const sorted = [...sends].sort((a, b) => a - b);
  sorted.forEach((s, i) => {
    const inWindow = sorted.filter((x) => x >= s && x < s + cap.days * DAY).length;
    expect(inWindow).toBeLessThanOrEqual(cap.count);
    const next = sorted[i + 1];
    if (next !== undefined) expect(next - s).toBeGreaterThanOrEqual(spacingHours * HOUR);
  });
}

const sequences = fc.array(fc.array(fc.integer({ min: 0, max: 30 * 24 }), { minLength: 1, maxLength: 6 }), {
  minLength: 5,
  maxLength: 5,
});
const gateRules = fc.record({
  minSpacingHours: fc.integer({ min: 0, max: 72 }),
  cap: fc.record({ count: fc.integer({ min: 1, max: 5 }), days: fc.integer({ min: 1, max: 10 }) }),
});

describe('five sequences for one contact', () => {
  it('never exceed the cap or the spacing, whatever the due times', slow, () => {
    fc.assert(
      fc.property(sequences, gateRules, (dueHours, gate) => {
        // A queue of due mails; the earliest goes first, a refused one is re-queued at notBefore.
        const queue = dueHours.flat().map((h) => t0 + h * HOUR);
        const sent: number[] = [];
        while (queue.length > 0) {
          queue.sort((a, b) => a - b);
          const due = queue.shift() as number;
          const decision = checkSendGate({ now: at(due), recentSends: sent.map(at), ...gate });
          if (decision.allowed) sent.push(due);
          else {
            expect(decision.notBefore.getTime()).toBeGreaterThan(due);
            queue.push(decision.notBefore.getTime());
          }
        }
        expect(sent).toHaveLength(dueHours.flat().length);
        expectWithinRules(sent, gate.minSpacingHours, gate.cap);
      }),
      { numRuns: 300 },
    );
  });

  it('nextAllowedSlot keeps the window and the rules together', slow, () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata'] as const;
    fc.assert(
      fc.property(sequences, gateRules, fc.constantFrom(...zones), (dueHours, gate, zone) => {
        const window = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
        const sent: number[] = [];
        for (const due of dueHours.flat().sort((a, b) => a - b)) {
          const slot = nextAllowedSlot({
            now: at(t0 + due * HOUR),
            previousAt: null,
            delay: { amount: 0, unit: 'minutes' },
            zone,
            zoneSource: 'crm',
            window,
            excludeHolidays: false,
            jitterKey: 'ctc_1',
            recentSends: sent.map(at),
            ...gate,
          });
          const local = DateTime.fromJSDate(slot.at, { zone });
          expect(local.weekday).toBeLessThanOrEqual(5);
          expect(local.hour).toBeGreaterThanOrEqual(9);
          expect(local.hour).toBeLessThan(17);
          sent.push(slot.at.getTime());
        }
        expectWithinRules(sent, gate.minSpacingHours, gate.cap);
      }),
      { numRuns: 150 },
    );
  });

  it('records the gate reasons on the re-planned slot', () => {
    const slot = nextAllowedSlot({
      now: at(t0),
      previousAt: null,
      delay: { amount: 0, unit: 'minutes' },
      zone: 'UTC',
      zoneSource: 'default',
      window: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      excludeHolidays: false,
      jitterKey: 'ctc_1',
      recentSends: [at(t0 - HOUR)],
      ...rules,
    });
    expect(slot.at).toEqual(at(t0 + 23 * HOUR));
    expect(slot.reasons.map((r) => r.code)).toEqual(['spacing', 'not_before_earliest']);
  });
});
