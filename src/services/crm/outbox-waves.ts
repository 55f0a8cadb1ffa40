import { sql } from 'drizzle-orm';
import type { CrmError } from '../../../connectors/contract';
import type { AppDeps } from '../deps';
import { disposition, nextAttemptDelayMs, planWave } from './outbox-plan';
import { type Outcome, type PendingRow, settleWrite } from './outbox-rows';

export type WaveCounts = { done: number; failed: number; retrying: number; calls: number };

export type WaveDriver<R extends { id: string }> = {
  /** A row ready to send, or the outcome that settles it without a call. */
  resolve: (row: PendingRow) => R | Outcome;
  /** Sends one wave; `halted` when a failure that is not the rows' fault stopped it. */
  send: (ready: R[]) => Promise<{ outcomes: Map<string, Outcome>; halted: CrmError | null; calls: number }>;
  /** A failure that was no attempt (our own budget refused the call): the row is left as it is. */
  untried?: (error: CrmError) => boolean;
  /** After a row is settled done (HubSpot remembers the echo its write will cause). */
  done?: (ready: R, at: Date) => Promise<void>;
  random?: () => number;
};

/** Runs `fn` holding the installation's outbox lock, or answers null when another drain holds it. */
export async function withOutboxLock<T>(deps: AppDeps, key: string, fn: () => Promise<T>): Promise<T | null> {
  return deps.db.transaction(async (lock) => {
    const { rows } = await lock.execute<{ got: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as got`,
    );
    return rows[0]?.got ? fn() : null;
  });
}

/**
 * Sends pending CRM writes in waves (planWave keeps each contact's order) and settles every row it
 * tried: done, failed (the CRM refused its content) or back to waiting with a backoff. Nothing is
 * dropped: a row leaves `pending` only as done or failed. Answers what stopped it, if anything,
 * and the rows still pending then.
 */
export async function drainWaves<R extends { id: string }>(
  deps: AppDeps,
  rows: PendingRow[],
  driver: WaveDriver<R>,
  counts: WaveCounts,
): Promise<{ halted: CrmError | null; pending: PendingRow[] }> {
  let pending = rows;
  for (;;) {
    const wave = planWave(pending, deps.clock.now());
    if (wave.length === 0) return { halted: null, pending };
    const ready: R[] = [];
    const outcomes = new Map<string, Outcome>();
    for (const row of wave) {
      const r = driver.resolve(row);
      if ('ok' in r) outcomes.set(row.id, r);
      else ready.push(r);
    }
    const sent = await driver.send(ready);
    counts.calls += sent.calls;
    for (const [id, o] of sent.outcomes) outcomes.set(id, o);
    const settledAt = deps.clock.now();
    const byId = new Map(ready.map((r) => [r.id, r]));
    const finished = new Set<string>();
    for (const row of wave) {
      const outcome = outcomes.get(row.id);
      if (!outcome) continue; // not tried: the wave stopped first
      if (!outcome.ok && driver.untried?.(outcome.error)) continue;
      const retryAt = outcome.ok
        ? null
        : retryTime(outcome.error, row.attempts + 1, settledAt, driver.random);
      await settleWrite(deps.db, row, outcome, settledAt, retryAt);
      const r = byId.get(row.id);
      if (outcome.ok && r && driver.done) await driver.done(r, settledAt);
      if (outcome.ok) counts.done += 1;
      else if (retryAt) counts.retrying += 1;
      else counts.failed += 1;
      if (retryAt) {
        // Still pending, now waiting: it holds back its contact's later rows for this pass too.
        row.attempts += 1;
        row.nextAttemptAt = retryAt;
      } else finished.add(row.id);
    }
    pending = pending.filter((p) => !finished.has(p.id));
    if (sent.halted) return { halted: sent.halted, pending };
  }
}

function retryTime(error: CrmError, attempts: number, now: Date, random?: () => number): Date | null {
  if (disposition(error) === 'fail') return null;
  return new Date(now.getTime() + nextAttemptDelayMs(error, attempts, random));
}
