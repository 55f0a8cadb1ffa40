import { isOwnEcho } from '../../../connectors/hubspot/webhook-dedupe';
import { type ChangeEvent, rawWebhookEvent, toChangeEvent } from '../../../connectors/hubspot/webhook-events';
import { isDatabaseUnavailable } from '../../db/unavailable';
import { jobCatalog } from '../../jobs/catalog';
import { bossDb } from '../../jobs/enqueue';
import { describeError } from '../../lib/logger';
import { eraseContact } from '../crm/erase';
import { mergeContacts } from '../crm/merge';
import type { AppDeps } from '../deps';
import { applyContactChange, applyContactCreated, applyContactDeleted } from './webhook-contact';
import { applyAssociation, applyDealDeleted, applyDealProperty } from './webhook-deal';
import {
  isPending,
  listPending,
  markProcessed,
  type Outcome,
  ourWrites,
  type StoredEvent,
} from './webhook-store';

const BATCH = 200;
const MAX_BATCHES = 25;

type Parsed = { stored: StoredEvent; event: ChangeEvent };

// At one instant HubSpot reports a creation with its first properties: the address first, so
// the contact exists for the rest; deletions last.
function rank(p: Parsed): number {
  const e = p.event;
  if (e.kind === 'contact_created') return 0;
  if (e.kind === 'contact_changed' && e.property === 'email') return 1;
  if (e.kind === 'contact_deleted' || e.kind === 'contact_privacy_deleted') return 3;
  return 2;
}

function parse(stored: StoredEvent): Parsed | null {
  const raw = rawWebhookEvent.safeParse(stored.payload);
  return raw.success ? { stored, event: toChangeEvent(raw.data) } : null;
}

async function isEcho(deps: AppDeps, p: Parsed): Promise<boolean> {
  const e = p.event;
  if (e.kind !== 'contact_changed' && e.kind !== 'deal_changed') return false;
  const writes = await ourWrites(deps.db, p.stored.installationId, e.externalId, e.property);
  // The events come to our app, so their appId is ours when the config does not say.
  const appId = deps.config.HUBSPOT_APP_ID ? Number(deps.config.HUBSPOT_APP_ID) : e.raw.appId;
  return writes.length > 0 && isOwnEcho(e, writes, appId);
}

/** What one event does; `also` are events applied together with it (a pipeline move's two halves). */
async function applyOne(deps: AppDeps, p: Parsed, batch: Parsed[]): Promise<[Outcome, string[]]> {
  const { stored, event: e } = p;
  if (await isEcho(deps, p)) return ['echo', []];
  const now = deps.clock.now();
  switch (e.kind) {
    case 'contact_created':
      return [await applyContactCreated(deps, stored, e), []];
    case 'contact_changed':
      return [await applyContactChange(deps, stored, e), []];
    case 'contact_deleted':
      return [await applyContactDeleted(deps, stored, e), []];
    case 'contact_merged':
      return [
        await mergeContacts(
          deps,
          stored.installationId,
          { primaryExternalId: e.keep, mergedExternalIds: e.merged },
          now,
        ),
        [],
      ];
    case 'contact_privacy_deleted':
      return [await eraseContact(deps, stored.installationId, e.externalId, now), []];
    case 'deal_changed': {
      const other = e.property === 'pipeline' ? 'dealstage' : 'pipeline';
      const sibling = batch.find(
        (q) =>
          q.event.kind === 'deal_changed' &&
          q.event.externalId === e.externalId &&
          q.event.property === other &&
          q.event.occurredAt === e.occurredAt,
      );
      const outcome = await applyDealProperty(deps, stored, e, sibling?.event as typeof e | undefined);
      return [outcome, sibling && outcome !== 'stale' ? [sibling.stored.id] : []];
    }
    case 'association_changed':
      return [await applyAssociation(deps, stored, e), []];
    // The sync fetches these records whole: an event alone does not carry them.
    case 'contact_restored':
    case 'deal_created':
    case 'deal_restored':
      return ['needs_fetch', []];
    case 'deal_deleted':
      return [await applyDealDeleted(deps, stored, e), []];
    case 'deal_merged':
    case 'ignored':
      return ['ignored', []];
  }
}

export type ApplySummary = { processed: number; outcomes: Record<string, number>; more: boolean };

/**
 * The `hubspot.applyWebhooks` job: an installation's pending events in the order they happened in
 * the CRM (`occurredAt`), each recorded with its outcome. A bug in one event records `failed: ...`
 * and the rest go on; a database outage fails the job so pg-boss retries it.
 */
export async function applyWebhooks(deps: AppDeps, input: { installationId: string }): Promise<ApplySummary> {
  const outcomes: Record<string, number> = {};
  let processed = 0;
  for (let round = 0; round < MAX_BATCHES; round++) {
    const pending = await listPending(deps.db, input.installationId, BATCH);
    if (pending.length === 0) return done(deps, input.installationId, { processed, outcomes, more: false });
    const batch = pending.map((stored) => parse(stored) ?? { stored, event: null });
    const parsed = batch.filter((p): p is Parsed => p.event !== null);
    const broken = batch.filter((p) => p.event === null).map((p) => p.stored.id);
    await markProcessed(deps.db, broken, 'failed: unreadable payload', deps.clock.now());
    parsed.sort((a, b) => a.event.occurredAt - b.event.occurredAt || rank(a) - rank(b));
    const settled = new Set<string>();
    for (const p of parsed) {
      if (settled.has(p.stored.id) || !(await isPending(deps.db, p.stored.id))) continue;
      let result: [Outcome, string[]];
      try {
        result = await applyOne(deps, p, parsed);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        // Class and codes only: a query error's message carries its parameters (addresses).
        const { stack: _stack, ...facts } = describeError(error);
        deps.logger.error('hubspot webhook event failed', { eventId: p.stored.id, ...facts });
        const why = [facts.errorClass, facts.pgCode, facts.constraint].filter(Boolean).join(' ');
        result = [`failed: ${why}`, []];
      }
      const ids = [p.stored.id, ...result[1]];
      for (const id of ids) settled.add(id);
      await markProcessed(deps.db, ids, result[0], deps.clock.now());
      const key = result[0].split(':')[0] ?? result[0];
      outcomes[key] = (outcomes[key] ?? 0) + ids.length;
      processed += ids.length;
    }
  }
  // Still more: one follow-up job (the queue keeps one waiting per installation) finishes them.
  await deps.db.transaction((tx) =>
    deps.boss.insert(
      'hubspot.applyWebhooks',
      [
        {
          data: jobCatalog['hubspot.applyWebhooks'].payload.parse(input),
          singletonKey: input.installationId,
        },
      ],
      { db: bossDb(tx) },
    ),
  );
  return done(deps, input.installationId, { processed, outcomes, more: true });
}

function done(deps: AppDeps, installationId: string, summary: ApplySummary): ApplySummary {
  if (summary.processed > 0) deps.logger.info('hubspot webhooks applied', { installationId, ...summary });
  return summary;
}
