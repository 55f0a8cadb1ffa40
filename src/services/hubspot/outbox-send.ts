import type { CrmError, CrmResult } from '../../../connectors/contract';
import type { BatchOutcome } from '../../../connectors/hubspot/batch-outcome';
import type { HubSpotTransport } from '../../../connectors/hubspot/client';
import { BATCH_LIMIT, chunk } from '../../../connectors/hubspot/properties';
import { createTasks, updateContactProperties } from '../../../connectors/hubspot/writes';
import { createTimelineEvents, optOutOfAllEmail } from '../../../connectors/hubspot/writes-engagement';
import { disposition } from '../crm/outbox-plan';
import type { Outcome } from '../crm/outbox-rows';
import type { ParsedWrite } from './outbox-payloads';

/** A due row, resolved: its contact's HubSpot id ('' for an opt-out, which goes by address) and its write. */
export type Ready<W extends ParsedWrite = ParsedWrite> = {
  id: string;
  contactKey: string;
  externalId: string;
  createdAt: Date;
  write: W;
};

export type WaveResult = { outcomes: Map<string, Outcome>; halted: CrmError | null; calls: number };

type Of<K extends ParsedWrite['kind']> = Ready<Extract<ParsedWrite, { kind: K }>>;

/**
 * Batches of property updates naming at most 100 contacts: rows are grouped by contact first (in
 * the order contacts first appear, each contact's rows in their order), so all of a contact's
 * writes land in one batch input and the batches are as few as the contacts allow.
 */
function byContacts<R extends { contactKey: string }>(rows: R[], size = BATCH_LIMIT): R[][] {
  const groups = new Map<string, R[]>();
  for (const r of rows) groups.set(r.contactKey, [...(groups.get(r.contactKey) ?? []), r]);
  return chunk([...groups.values()], size).map((batch) => batch.flat());
}

function send(t: HubSpotTransport, kind: ParsedWrite['kind'], rows: Ready[]): Promise<BatchOutcome<unknown>> {
  switch (kind) {
    case 'property_update':
      return updateContactProperties(
        t,
        (rows as Of<'property_update'>[]).map((r) => ({
          contactExternalId: r.externalId,
          properties: r.write.properties,
        })),
      );
    case 'task':
      return createTasks(
        t,
        (rows as Of<'task'>[]).map((r) => ({
          contactExternalId: r.write.externalContactId ?? r.externalId,
          ownerId: r.write.ownerId,
          subject: r.write.subject,
          body: r.write.body,
          dueAt: r.write.dueAt,
        })),
      );
    case 'opt_out':
      return optOutOfAllEmail(
        t,
        (rows as Of<'opt_out'>[]).map((r) => r.write.email),
      );
    case 'timeline_event':
      return createTimelineEvents(
        t,
        (rows as Of<'timeline_event'>[]).map((r) => ({
          id: r.id,
          eventTemplateId: r.write.eventTemplateId,
          objectId: r.externalId,
          timestamp: r.write.timestamp ?? r.createdAt.toISOString(),
          tokens: r.write.tokens,
          ...(r.write.extraData ? { extraData: r.write.extraData } : {}),
        })),
      );
  }
}

const asOutcome = (r: CrmResult<unknown> | undefined): Outcome => {
  if (!r)
    return {
      ok: false,
      error: { code: 'unavailable', retryable: true, message: 'no answer for this input' },
    };
  if (!r.ok) return r;
  return {
    ok: true,
    result: r.value && typeof r.value === 'object' ? (r.value as Record<string, unknown>) : null,
  };
};

/**
 * Sends one wave, one batch call per 100 rows of a kind. A call failing in a way that is not the
 * rows' fault (HubSpot down, rate-limited, token gone) stops the wave: later calls would fail too.
 */
export async function sendWave(t: HubSpotTransport, rows: Ready[]): Promise<WaveResult> {
  const outcomes = new Map<string, Outcome>();
  const kinds = [...new Set(rows.map((r) => r.write.kind))];
  let calls = 0;
  for (const kind of kinds) {
    const ofKind = rows.filter((r) => r.write.kind === kind);
    const batches = kind === 'property_update' ? byContacts(ofKind) : chunk(ofKind);
    for (const batch of batches) {
      calls += 1;
      const res = await send(t, kind, batch);
      if (!res.ok) {
        for (const r of batch) outcomes.set(r.id, { ok: false, error: res.error });
        if (disposition(res.error) === 'retry') return { outcomes, halted: res.error, calls };
        continue;
      }
      batch.forEach((r, i) => {
        outcomes.set(r.id, asOutcome(res.value[i]));
      });
    }
  }
  return { outcomes, halted: null, calls };
}
