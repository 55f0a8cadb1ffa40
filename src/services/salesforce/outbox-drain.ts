import { and, eq, inArray } from 'drizzle-orm';
import type { CrmError } from '../../../connectors/contract';
import { personKind } from '../../../connectors/salesforce/ids';
import { crmOutbox } from '../../db/schema';
import { isConnectedTo } from '../crm/connection';
import { listPendingWrites, type Outcome, type PendingRow } from '../crm/outbox-rows';
import { drainWaves, withOutboxLock } from '../crm/outbox-waves';
import type { AppDeps } from '../deps';
import { parseOutboxPayload } from '../hubspot/outbox-payloads';
import { BUDGET_WAIT_MS, salesforceTransport, type TransportOptions } from './connector';
import type { Ready } from './outbox-records';
import { isBudget, sendWave } from './outbox-send';

export type DrainReport = {
  status: 'drained' | 'skipped' | 'busy' | 'budget';
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

function resolve(row: PendingRow): Ready | Outcome {
  const write = parseOutboxPayload(row.kind, row.payload);
  if (!write)
    return { ok: false, error: { code: 'invalid', retryable: false, message: 'unreadable payload' } };
  const externalId = write.kind === 'task' ? (write.externalContactId ?? row.externalId) : row.externalId;
  if (row.contactDeleted) return refused('the contact was deleted');
  if (!externalId || !personKind(externalId)) return refused('the contact has no Salesforce Lead or Contact');
  const base = { id: row.id, contactKey: row.contactId ?? `row:${row.id}`, createdAt: row.createdAt };
  return { ...base, externalId, ownerId: row.ownerId, write };
}

/** Our share of the org's allocation is spent: the rows wait, untried, with no attempt counted. */
async function waitForBudget(deps: AppDeps, ids: string[], error: CrmError, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await deps.db
    .update(crmOutbox)
    .set({ nextAttemptAt: new Date(now.getTime() + BUDGET_WAIT_MS), lastError: `budget: ${error.message}` })
    .where(and(inArray(crmOutbox.id, ids), eq(crmOutbox.status, 'pending')));
}

/**
 * Sends the installation's pending writes to Salesforce in waves (planWave keeps each contact's
 * order), 200 records per Collections call, and settles every row it tried: done, failed (the
 * record refused it for good) or waiting with a backoff. When the API budget has no room the drain
 * stops and the rest wait 15 minutes. One drain per installation at a time (advisory lock).
 */
export async function drainOutbox(
  deps: AppDeps,
  installationId: string,
  options: DrainOptions = {},
): Promise<DrainReport> {
  const report: DrainReport = { status: 'drained', done: 0, failed: 0, retrying: 0, calls: 0 };
  if (!(await isConnectedTo(deps.db, installationId, 'salesforce'))) return { ...report, status: 'skipped' };
  const drained = await withOutboxLock(deps, `salesforce-outbox:${installationId}`, async () => {
    const t = salesforceTransport(deps, installationId, options);
    const rows = await listPendingWrites(deps.db, installationId, options.maxRows ?? MAX_ROWS);
    const driver = {
      resolve,
      send: (ready: Ready[]) => sendWave(t, ready),
      untried: isBudget,
      ...(options.random ? { random: options.random } : {}),
    };
    const { halted, pending } = await drainWaves(deps, rows, driver, report);
    if (!halted || !isBudget(halted)) return report;
    const now = deps.clock.now();
    const due = pending.filter((p) => !p.nextAttemptAt || p.nextAttemptAt <= now);
    await waitForBudget(
      deps,
      due.map((p) => p.id),
      halted,
      now,
    );
    report.retrying += due.length;
    return { ...report, status: 'budget' as const };
  });
  return drained ?? { ...report, status: 'busy' };
}
