import type { CrmResult } from '../contract';
import { type BatchOutcome, withIsolation } from './batch-outcome';
import { type HubSpotTransport, hubspotCall, rawRequest } from './client';
import { BATCH_LIMIT } from './properties';

type OptOutAnswer = { results?: Array<{ subscriberIdString?: string }> };

/**
 * Opts addresses out of all email through communication preferences v4 (`unsubscribe-all`, batched;
 * the SDK only knows v3, which needs one subscription id per call). Opting out twice is harmless.
 */
export async function optOutOfAllEmail(t: HubSpotTransport, emails: string[]): Promise<BatchOutcome<null>> {
  if (emails.length > BATCH_LIMIT) throw new Error(`at most ${BATCH_LIMIT} addresses per call`);
  const call = (inputs: string[]) =>
    hubspotCall(t, (c) =>
      rawRequest<OptOutAnswer>(t, c, {
        method: 'POST',
        path: '/communication-preferences/v4/statuses/batch/unsubscribe-all',
        qs: { channel: 'EMAIL' },
        body: { inputs },
      }),
    );
  return withIsolation(
    emails,
    async (batch) => {
      const res = await call(batch);
      if (!res.ok) return res;
      return { ok: true, value: batch.map((): CrmResult<null> => ({ ok: true, value: null })) };
    },
    async (email) => {
      const res = await call([email]);
      return res.ok ? { ok: true, value: null } : res;
    },
  );
}

/** A send on the contact's timeline; `id` is ours, so a repeat is refused (409) and counts as written. */
export type TimelineEventInput = {
  id: string;
  eventTemplateId: string;
  objectId: string;
  timestamp: string;
  tokens: Record<string, string>;
  extraData?: Record<string, unknown>;
};

const toEvent = (e: TimelineEventInput) => ({
  id: e.id,
  eventTemplateId: e.eventTemplateId,
  objectId: e.objectId,
  timestamp: new Date(e.timestamp),
  tokens: e.tokens,
  ...(e.extraData ? { extraData: e.extraData } : {}),
});

export async function createTimelineEvents(
  t: HubSpotTransport,
  events: TimelineEventInput[],
): Promise<BatchOutcome<null>> {
  if (events.length > BATCH_LIMIT) throw new Error(`at most ${BATCH_LIMIT} events per call`);
  const written = (res: CrmResult<unknown>): CrmResult<null> =>
    res.ok || res.error.code === 'conflict' ? { ok: true, value: null } : res;
  const single = async (e: TimelineEventInput) =>
    written(await hubspotCall(t, (c) => c.crm.timeline.eventsApi.create(toEvent(e))));
  if (events.length === 1 && events[0]) return { ok: true, value: [await single(events[0])] };
  return withIsolation(
    events,
    async (batch) => {
      const res = await hubspotCall(t, (c) =>
        c.crm.timeline.eventsApi.createBatch({ inputs: batch.map(toEvent) }),
      );
      if (!res.ok) return res;
      return { ok: true, value: batch.map(() => ({ ok: true, value: null }) as const) };
    },
    single,
  );
}
