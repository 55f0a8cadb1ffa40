import { and, eq, inArray } from 'drizzle-orm';
import { dedupeKey } from '../../../connectors/hubspot/webhook-dedupe';
import type { ChangeEvent } from '../../../connectors/hubspot/webhook-events';
import { crmWebhookEvents, installations } from '../../db/schema';
import { jobCatalog } from '../../jobs/catalog';
import { bossDb } from '../../jobs/enqueue';
import type { AppDeps } from '../deps';

export type WebhookReceipt = {
  received: number;
  stored: number;
  duplicates: number;
  /** Events of portals with no HubSpot installation here: dropped (an old install, a misrouted app). */
  unknownPortal: number;
};

/** Portal id -> installation id, for the HubSpot installations among `portalIds`. */
async function installationsByPortal(deps: AppDeps, portalIds: string[]): Promise<Map<string, string>> {
  if (portalIds.length === 0) return new Map();
  const rows = await deps.db
    .select({ id: installations.id, externalId: installations.externalId })
    .from(installations)
    .where(and(eq(installations.crm, 'hubspot'), inArray(installations.externalId, portalIds)));
  return new Map(rows.map((r) => [r.externalId ?? '', r.id]));
}

/**
 * Stores a verified delivery: each event once by its content (a retry or a duplicate with a new
 * eventId adds nothing), and one apply job per installation in the same transaction. No CRM call
 * here: HubSpot wants an answer within 5 s, the job does the work.
 */
export async function receiveWebhooks(deps: AppDeps, events: ChangeEvent[]): Promise<WebhookReceipt> {
  const now = deps.clock.now();
  const portals = await installationsByPortal(deps, [...new Set(events.map((e) => e.portalId))]);
  const rows = new Map<string, typeof crmWebhookEvents.$inferInsert>();
  let unknownPortal = 0;
  // The digests run side by side (WebCrypto is asynchronous), not one per event in turn.
  const keys = await Promise.all(events.map((e) => (portals.has(e.portalId) ? dedupeKey(e.raw) : null)));
  for (const [i, e] of events.entries()) {
    const installationId = portals.get(e.portalId);
    const key = keys[i];
    if (!installationId || !key) {
      unknownPortal++;
      continue;
    }
    rows.set(key, {
      // Derived from the content, so the same event always gets the same id.
      id: `whe_${key.slice(0, 32)}`,
      installationId,
      dedupeKey: key,
      subscriptionType: e.raw.subscriptionType,
      objectId: e.externalId,
      occurredAt: new Date(e.occurredAt),
      payload: e.raw,
      receivedAt: now,
    });
  }
  const stored = await deps.db.transaction(async (tx) => {
    if (rows.size === 0) return [];
    const inserted = await tx
      .insert(crmWebhookEvents)
      .values([...rows.values()])
      .onConflictDoNothing()
      .returning({ installationId: crmWebhookEvents.installationId });
    const schema = jobCatalog['hubspot.applyWebhooks'].payload;
    const jobs = [...new Set(inserted.map((r) => r.installationId))].map((installationId) => ({
      data: schema.parse({ installationId }),
      // Stately queue: while one apply job waits for this installation, more are dropped.
      singletonKey: installationId,
    }));
    if (jobs.length > 0) await deps.boss.insert('hubspot.applyWebhooks', jobs, { db: bossDb(tx) });
    return inserted;
  });
  const receipt = {
    received: events.length,
    stored: stored.length,
    duplicates: events.length - unknownPortal - stored.length,
    unknownPortal,
  };
  if (unknownPortal > 0) {
    const known = new Set(portals.keys());
    const unknown = [...new Set(events.map((e) => e.portalId))].filter((p) => !known.has(p));
    deps.logger.warn('hubspot webhook events of unknown portals dropped', { ...receipt, portals: unknown });
  } else deps.logger.info('hubspot webhooks received', receipt);
  return receipt;
}
