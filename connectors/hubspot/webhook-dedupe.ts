import type { ChangeEvent, RawWebhookEvent } from './webhook-events';

const encoder = new TextEncoder();

/**
 * Content key: HubSpot's eventId is not unique and retries resend the same event, so the key is
 * what the event says, not its id. attemptNumber and eventId are left out on purpose.
 */
export async function dedupeKey(e: RawWebhookEvent): Promise<string> {
  const parts = [
    e.portalId,
    e.subscriptionType,
    e.objectId ?? '',
    e.propertyName ?? '',
    e.propertyValue ?? '',
    e.occurredAt,
  ];
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify(parts)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

type PropertyChange = Extract<ChangeEvent, { kind: 'contact_changed' | 'deal_changed' }>;

/** Events arrive unordered: per (object, property) keep only the latest by occurredAt. */
export function latestChanges(events: ChangeEvent[]): PropertyChange[] {
  const latest = new Map<string, PropertyChange>();
  for (const e of events) {
    if (e.kind !== 'contact_changed' && e.kind !== 'deal_changed') continue;
    const key = JSON.stringify([e.portalId, e.kind, e.externalId, e.property]);
    const seen = latest.get(key);
    // Ties keep the first seen, so a replay of the same batch gives the same answer.
    if (!seen || e.occurredAt > seen.occurredAt) latest.set(key, e);
  }
  return [...latest.values()];
}

export type OurWrite = { externalId: string; property: string; value: string; writtenAt: Date };

// Changes made through an app's OAuth token show changeSource INTEGRATION (sourceId the app id);
// private-app or key calls show API. CRM_UI, IMPORT, WORKFLOWS etc. are people or HubSpot itself.
const APP_SOURCES = new Set(['INTEGRATION', 'API']);
export const ECHO_WINDOW_MS = 10 * 60 * 1000;

/** True when an incoming change is our own write coming back, so it must not re-trigger work. */
export function isOwnEcho(e: ChangeEvent, recent: OurWrite[], appId: number): boolean {
  if (e.kind !== 'contact_changed' && e.kind !== 'deal_changed') return false;
  if (!e.source || !APP_SOURCES.has(e.source)) return false;
  const sourceId = e.raw.sourceId;
  if (sourceId !== undefined && !sourceId.split(/[:\s]/).includes(String(appId))) return false;
  return recent.some(
    (w) =>
      w.externalId === e.externalId &&
      w.property === e.property &&
      w.value === e.value &&
      e.occurredAt >= w.writtenAt.getTime() - 1000 &&
      e.occurredAt - w.writtenAt.getTime() <= ECHO_WINDOW_MS,
  );
}
