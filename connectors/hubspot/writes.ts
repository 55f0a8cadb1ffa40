import type { CrmResult, CrmTask, PropertyWrite } from '../contract';
import { type BatchOutcome, failedIds, withIsolation } from './batch-outcome';
import { type HubSpotTransport, hubspotCall } from './client';
import { BATCH_LIMIT, mergeWrites, toBatchInputs } from './properties';

/** Associations v4 HUBSPOT_DEFINED task -> contact. */
const TASK_TO_CONTACT = 204;

function assertBatch(n: number) {
  if (n > BATCH_LIMIT) throw new Error(`a HubSpot batch holds at most ${BATCH_LIMIT} inputs, got ${n}`);
}

/**
 * Contact property updates, one batch call (at most 100 contacts after merging writes to the same
 * contact, which HubSpot would refuse twice in a batch). One outcome per write, in order.
 */
export async function updateContactProperties(
  t: HubSpotTransport,
  writes: PropertyWrite[],
): Promise<BatchOutcome<null>> {
  const merged = mergeWrites(writes);
  assertBatch(merged.length);
  const outcome = await withIsolation(
    merged,
    async (batch) => {
      const res = await hubspotCall(t, (c) =>
        c.crm.contacts.batchApi.update({ inputs: toBatchInputs(batch) }),
      );
      if (!res.ok) return res;
      const failed = failedIds('errors' in res.value ? res.value.errors : undefined);
      return {
        ok: true,
        value: batch.map((w): CrmResult<null> => {
          const error = failed.get(w.contactExternalId);
          return error ? { ok: false, error } : { ok: true, value: null };
        }),
      };
    },
    async (w) => {
      const [input] = toBatchInputs([w]);
      const res = await hubspotCall(t, (c) =>
        c.crm.contacts.basicApi.update(w.contactExternalId, { properties: input?.properties ?? {} }),
      );
      return res.ok ? { ok: true, value: null } : res;
    },
  );
  if (!outcome.ok) return outcome;
  // Back from merged writes to the caller's writes.
  const each = new Array<CrmResult<null>>(writes.length);
  merged.forEach((m, i) => {
    for (const origin of m.origin) each[origin] = outcome.value[i] ?? { ok: true, value: null };
  });
  return { ok: true, value: each };
}

function taskInput(task: CrmTask, trace: string) {
  const properties: Record<string, string> = {
    hs_timestamp: task.dueAt,
    hs_task_subject: task.subject,
    hs_task_body: task.body ?? '',
    hs_task_status: 'NOT_STARTED',
    hs_task_type: 'TODO',
  };
  if (task.ownerId) properties.hubspot_owner_id = task.ownerId;
  return {
    objectWriteTraceId: trace,
    properties,
    associations: [
      {
        to: { id: task.contactExternalId },
        types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: TASK_TO_CONTACT }],
      },
    ],
  };
}

/** Tasks for owners, associated to their contact, one batch create call (at most 100). */
export async function createTasks(
  t: HubSpotTransport,
  tasks: CrmTask[],
): Promise<BatchOutcome<{ externalId: string }>> {
  assertBatch(tasks.length);
  const indexed = tasks.map((task, i) => ({ task, trace: String(i) }));
  return withIsolation(
    indexed,
    async (batch) => {
      const res = await hubspotCall(t, (c) =>
        c.crm.objects.tasks.batchApi.create({ inputs: batch.map((b) => taskInput(b.task, b.trace)) }),
      );
      if (!res.ok) return res;
      // HubSpot does not promise result order: match by trace id (position only as a fallback).
      const byTrace = new Map(
        res.value.results.map((r, i) => [r.objectWriteTraceId ?? batch[i]?.trace, r.id]),
      );
      return {
        ok: true,
        value: batch.map((b): CrmResult<{ externalId: string }> => {
          const id = byTrace.get(b.trace);
          if (id) return { ok: true, value: { externalId: id } };
          return {
            ok: false,
            error: { code: 'invalid', retryable: false, message: 'HubSpot created no task' },
          };
        }),
      };
    },
    async (b) => {
      const { objectWriteTraceId: _, ...input } = taskInput(b.task, b.trace);
      const res = await hubspotCall(t, (c) => c.crm.objects.tasks.basicApi.create(input));
      return res.ok ? { ok: true, value: { externalId: res.value.id } } : res;
    },
  );
}
