import { eq, sql } from 'drizzle-orm';
import type { CrmError } from '../../../connectors/contract';
import { toBatchInputs } from '../../../connectors/hubspot/properties';
import { installations } from '../../db/schema';
import { disposition, nextAttemptDelayMs, planWave } from '../crm/outbox-plan';
import {
  listPendingWrites,
  type Outcome,
  type PendingRow,
  recordCrmWrites,
  settleWrite,
} from '../crm/outbox-rows';
import type { AppDeps } from '../deps';
import { hubspotTransport, type TransportOptions } from './connector';
import { type ParsedWrite, parseOutboxPayload } from './outbox-payloads';
import { type Ready, sendWave } from './outbox-send';

export type DrainReport = {
  status: 'drained' | 'skipped' | 'busy';
  done: number;
  failed: number;
  retrying: number;
  calls: number;
};

export type DrainOptions = TransportOptions & { maxRows?: number };

const MAX_ROWS = 2_000;
const refused = (message: string): Outcome => ({
  ok: false,
  error: { code: 'not_found', retryable: false, message },
});

/** A row ready to send, or the outcome that settles it without a call. */
function resolve(row: PendingRow): Ready | Outcome {
  const write = parseOutboxPayload(row.kind, row.payload);
  if (!write)
    return { ok: false, error: { code: 'invalid', retryable: false, message: 'unreadable payload' } };
  const base = { id: row.id, contactKey: row.contactId ?? `row:${row.id}`, createdAt: row.createdAt };
  if (write.kind === 'opt_out') return { ...base, externalId: row.externalId ?? '', write };
  const externalId = write.kind === 'task' ? (write.externalContactId ?? row.externalId) : row.externalId;
  if (row.contactDeleted) return refused('the contact was deleted');
  if (!externalId) return refused('the contact has no HubSpot record');
  if (write.kind === 'task' && !write.ownerId)
    return { ...base, externalId, write: { ...write, ownerId: row.ownerId } };
  return { ...base, externalId, write };
}

/** The echo a done write leaves: the values HubSpot now holds because of us. */
function echoes(write: ParsedWrite): Record<string, string> {
  if (write.kind === 'property_update') {
    return toBatchInputs([{ contactExternalId: '', properties: write.properties }])[0]?.properties ?? {};
  }
  return write.kind === 'opt_out' ? { hs_email_optout: 'true' } : {};
}

async function isConnectedHubSpot(deps: AppDeps, installationId: string): Promise<boolean> {
  const [row] = await deps.db
    .select({ crm: installations.crm, status: installations.connectionStatus })
    .from(installations)
    .where(eq(installations.id, installationId));
  return row?.crm === 'hubspot' && row.status !== 'disconnected';
}

/**
 * Sends the installation's pending CRM writes in waves (see planWave), 100 per batch call, and
 * settles every row it tried: done, failed (HubSpot refused its content) or back to waiting with
 * a backoff (`next_attempt_at`, the CRM's Retry-After when given). Nothing is dropped: a row leaves
 * `pending` only as done or failed. One drain per installation at a time (advisory lock).
 */
export async function drainOutbox(
  deps: AppDeps,
  installationId: string,
  options: DrainOptions = {},
): Promise<DrainReport> {
  const report: DrainReport = { status: 'drained', done: 0, failed: 0, retrying: 0, calls: 0 };
  if (!(await isConnectedHubSpot(deps, installationId))) return { ...report, status: 'skipped' };
  return deps.db.transaction(async (lock) => {
    const { rows } = await lock.execute<{ got: boolean }>(
      sql`select pg_try_advisory_xact_lock(hashtextextended(${`hubspot-outbox:${installationId}`}, 0)) as got`,
    );
    if (!rows[0]?.got) return { ...report, status: 'busy' };
    const t = hubspotTransport(deps, installationId, options);
    let pending = await listPendingWrites(deps.db, installationId, options.maxRows ?? MAX_ROWS);
    for (;;) {
      const now = deps.clock.now();
      const wave = planWave(pending, now);
      if (wave.length === 0) break;
      const ready: Ready[] = [];
      const outcomes = new Map<string, Outcome>();
      for (const row of wave) {
        const r = resolve(row);
        if ('write' in r) ready.push(r);
        else outcomes.set(row.id, r);
      }
      const sent = await sendWave(t, ready);
      report.calls += sent.calls;
      for (const [id, o] of sent.outcomes) outcomes.set(id, o);
      const settledAt = deps.clock.now();
      const byId = new Map(ready.map((r) => [r.id, r]));
      const finished = new Set<string>();
      for (const row of wave) {
        const outcome = outcomes.get(row.id);
        if (!outcome) continue; // not tried: the wave stopped first
        const retryAt = outcome.ok
          ? null
          : retryTime(outcome.error, row.attempts + 1, settledAt, options.random);
        await settleWrite(deps.db, row, outcome, settledAt, retryAt);
        const write = byId.get(row.id);
        if (outcome.ok && write?.externalId) {
          await recordCrmWrites(deps.db, installationId, write.externalId, echoes(write.write), settledAt);
        }
        if (outcome.ok) report.done += 1;
        else if (retryAt) report.retrying += 1;
        else report.failed += 1;
        if (retryAt) {
          // Still pending, now waiting: it holds back its contact's later rows for this pass too.
          row.attempts += 1;
          row.nextAttemptAt = retryAt;
        } else finished.add(row.id);
      }
      pending = pending.filter((p) => !finished.has(p.id));
      if (sent.halted) break;
    }
    return report;
  });
}

function retryTime(error: CrmError, attempts: number, now: Date, random?: () => number): Date | null {
  if (disposition(error) === 'fail') return null;
  return new Date(now.getTime() + nextAttemptDelayMs(error, attempts, random));
}
