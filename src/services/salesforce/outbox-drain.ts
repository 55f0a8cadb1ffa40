import { eq, sql } from 'drizzle-orm';
import type { CrmError } from '../../../connectors/contract';
import { installations } from '../../db/schema';
import { disposition, nextAttemptDelayMs, planWave } from '../crm/outbox-plan';
import { listPendingWrites, type Outcome, settleWrite } from '../crm/outbox-rows';
import type { AppDeps } from '../deps';
import { salesforceTransport, type TransportOptions } from './connector';
import { type Ready, resolveRow } from './outbox-records';
import { sendWave } from './outbox-send';

export type DrainReport = {
  status: 'drained' | 'skipped' | 'busy' | 'budget';
  done: number;
  failed: number;
  retrying: number;
  calls: number;
};

export type DrainOptions = TransportOptions & { maxRows?: number };

const MAX_ROWS = 2_000;

async function isConnectedSalesforce(deps: AppDeps, installationId: string): Promise<boolean> {
  const [row] = await deps.db
    .select({ crm: installations.crm, status: installations.connectionStatus })
    .from(installations)
    .where(eq(installations.id, installationId));
  return row?.crm === 'salesforce' && row.status !== 'disconnected';
}

/**
 * Sends the org's pending CRM writes in waves (planWave keeps each contact's order), 200 records
 * per Collections call, and settles every row it tried: done, failed (Salesforce refused its
 * content) or back to waiting with a backoff. When our API budget or the org's daily limit has no
 * room the drain stops with status `budget` and the rows wait (`budget: ...` in last_error):
 * nothing is dropped. One drain per org at a time (advisory lock).
 */
export async function drainOutbox(
  deps: AppDeps,
  installationId: string,
  options: DrainOptions = {},
): Promise<DrainReport> {
  const report: DrainReport = { status: 'drained', done: 0, failed: 0, retrying: 0, calls: 0 };
  if (!(await isConnectedSalesforce(deps, installationId))) return { ...report, status: 'skipped' };
  return deps.db.transaction(async (lock) => {
    const { rows } = await lock.execute<{ got: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtextextended(${`salesforce-outbox:${installationId}`}, 0)) as got`,
    );
    if (!rows[0]?.got) return { ...report, status: 'busy' };
    // Calls are counted as the transport records them: a call the budget refused never left.
    const base = salesforceTransport(deps, installationId, options);
    const t: typeof base = {
      ...base,
      record: (calls, usage) => {
        report.calls += calls;
        return base.record(calls, usage);
      },
    };
    let pending = await listPendingWrites(deps.db, installationId, options.maxRows ?? MAX_ROWS);
    for (;;) {
      const wave = planWave(pending, deps.clock.now());
      if (wave.length === 0) break;
      const ready: Ready[] = [];
      const outcomes = new Map<string, Outcome>();
      for (const row of wave) {
        const r = resolveRow(row);
        if ('write' in r) ready.push(r);
        else outcomes.set(row.id, r);
      }
      const sent = await sendWave(t, ready, deps.clock.now());
      for (const [id, o] of sent.outcomes) outcomes.set(id, o);
      const settledAt = deps.clock.now();
      const finished = new Set<string>();
      for (const row of wave) {
        const outcome = outcomes.get(row.id);
        if (!outcome) continue; // not tried: the wave stopped first
        const retryAt = outcome.ok
          ? null
          : retryTime(outcome.error, row.attempts + 1, settledAt, options.random);
        await settleWrite(deps.db, row, budgeted(outcome), settledAt, retryAt);
        if (outcome.ok) report.done += 1;
        else if (retryAt) report.retrying += 1;
        else report.failed += 1;
        if (retryAt) {
          row.attempts += 1;
          row.nextAttemptAt = retryAt;
        } else finished.add(row.id);
      }
      pending = pending.filter((p) => !finished.has(p.id));
      if (sent.halted) {
        if (sent.halted.code === 'rate_limited') report.status = 'budget';
        break;
      }
    }
    return report;
  });
}

/** A row held back by the budget or the org's daily limit says so in its last_error. */
function budgeted(outcome: Outcome): Outcome {
  if (outcome.ok || outcome.error.code !== 'rate_limited') return outcome;
  return { ok: false, error: { ...outcome.error, message: `budget: ${outcome.error.message}` } };
}

function retryTime(error: CrmError, attempts: number, now: Date, random?: () => number): Date | null {
  if (disposition(error) === 'fail') return null;
  return new Date(now.getTime() + nextAttemptDelayMs(error, attempts, random));
}
