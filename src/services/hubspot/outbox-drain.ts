import { toBatchInputs } from '../../../connectors/hubspot/properties';
import { isConnectedTo } from '../crm/connection';
import { listPendingWrites, type Outcome, type PendingRow, recordCrmWrites } from '../crm/outbox-rows';
import { drainWaves, withOutboxLock } from '../crm/outbox-waves';
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
  if (!(await isConnectedTo(deps.db, installationId, 'hubspot'))) return { ...report, status: 'skipped' };
  const drained = await withOutboxLock(deps, `hubspot-outbox:${installationId}`, async () => {
    const t = hubspotTransport(deps, installationId, options);
    const rows = await listPendingWrites(deps.db, installationId, options.maxRows ?? MAX_ROWS);
    const driver = {
      resolve,
      send: (ready: Ready[]) => sendWave(t, ready),
      done: async (r: Ready, at: Date) => {
        if (r.externalId) await recordCrmWrites(deps.db, installationId, r.externalId, echoes(r.write), at);
      },
      ...(options.random ? { random: options.random } : {}),
    };
    await drainWaves(deps, rows, driver, report);
    return report;
  });
  return drained ?? { ...report, status: 'busy' };
}
