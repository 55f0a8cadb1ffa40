import { and, count, eq, isNull, max, min } from 'drizzle-orm';
import { apiBudgetState } from '../../db/queries/crm-api-budget';
import { crmRateLimits, crmWebhookEvents, installations } from '../../db/schema';
import { markDisconnected } from '../crm/connection';
import { type ObjectSyncStatus, syncStatus } from '../crm/sync-status';
import type { AppDeps } from '../deps';

export type CrmName = 'hubspot' | 'salesforce';

export type ConnectionFacts = {
  crm: CrmName | 'none';
  status: 'connected' | 'disconnected' | 'not_connected';
  externalId: string | null;
  reason: string | null;
  /** When it was (re)connected, or when it was disconnected. */
  since: string | null;
  tokenExpiresAt: string | null;
};

/** The backfill as one bar: every object still in (or just out of) its first pass, summed. */
export type BackfillProgress = {
  done: number;
  total: number | null;
  percent: number | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  /** Every object has finished its first pass. */
  finished: boolean;
  /** No object has started yet (nothing to show). */
  started: boolean;
};

export type SyncError = { object: string; error: string; advice: string };

export type ConnectionsView = {
  configured: Record<CrmName, boolean>;
  connection: ConnectionFacts;
  objects: ObjectSyncStatus[];
  progress: BackfillProgress;
  outbox: { pending: number; failed: number };
  lastSyncAt: string | null;
  webhooks: {
    pending: number;
    oldestPendingAt: string | null;
    lastReceivedAt: string | null;
    lagSeconds: number | null;
  } | null;
  budget: { used: number; max: number; ours24h: number; observedAt: string } | null;
  /** HubSpot: calls in our shared 10 s window and a 429's Retry-After, as the limiter stores them. */
  rateLimit: { recentCalls: number; blockedUntil: string | null } | null;
  /** The access token: fresh, expired (a refresh is due) or none; a rejected refresh disconnects. */
  token: 'valid' | 'expired' | 'none';
  /** The refresh HubSpot or Salesforce refused, when that is why it is disconnected. */
  refreshFailure: string | null;
  errors: SyncError[];
};

/** What the admin can do about a sync error, from the words our connectors put in it. */
export function adviceFor(error: string): string {
  const e = error.toLowerCase();
  if (/revok|unauthori|401|invalid_grant|refresh token/.test(e))
    return 'The CRM refused our token: connect again with the Connect button.';
  if (/scope|403|forbidden|permission/.test(e))
    return 'The app lacks a permission: connect again and approve every scope it asks for.';
  if (/budget|429|rate|limit/.test(e))
    return 'The API limit was reached: the sync waits and carries on by itself; lower the share if it keeps happening.';
  if (/unavailable|timeout|5\d\d|network|econn/.test(e))
    return 'The CRM did not answer: the next sync tick retries; nothing to do unless it lasts hours.';
  return 'The next sync tick retries it; if it stays, look the error up in the server log.';
}

export function backfillProgress(objects: ObjectSyncStatus[]): BackfillProgress {
  // Owners and reconcile passes are not part of the bar: they have no totals worth showing.
  const passes = objects.filter((o) => o.object !== 'owners' && o.object !== 'reconcile');
  const started = passes.length > 0;
  // Deals start only once contacts are done: until both have a row past backfill it is not over.
  const finished =
    ['contacts', 'deals'].every((name) => passes.some((o) => o.object === name)) &&
    passes.every((o) => o.phase !== 'backfill');
  const done = passes.reduce((n, o) => n + o.done, 0);
  const total = passes.some((o) => o.total === null) ? null : passes.reduce((n, o) => n + (o.total ?? 0), 0);
  const running = passes.filter((o) => o.phase === 'backfill');
  const rates = running.map((o) => o.ratePerSecond).filter((r): r is number => r !== null);
  const ratePerSecond = rates.length ? Math.round(rates.reduce((a, b) => a + b, 0) * 10) / 10 : null;
  const etas = running.map((o) => o.etaSeconds);
  const etaSeconds = finished ? 0 : etas.some((e) => e === null) ? null : Math.max(0, ...(etas as number[]));
  let percent: number | null = null;
  if (finished) percent = 100;
  else if (total !== null)
    percent = total === 0 ? 100 : Math.min(100, Math.round((done / total) * 1000) / 10);
  return { done, total, percent, ratePerSecond, etaSeconds, finished, started };
}

async function connectionOf(deps: AppDeps, installationId: string): Promise<ConnectionFacts | null> {
  const [row] = await deps.db.select().from(installations).where(eq(installations.id, installationId));
  if (!row) return null;
  const crm = row.crm;
  if (crm === 'none' || !row.connectionStatus)
    return {
      crm,
      status: 'not_connected',
      externalId: row.externalId,
      reason: null,
      since: null,
      tokenExpiresAt: null,
    };
  const settings = (row.settings[crm] ?? {}) as { connectedAt?: string };
  const disconnected = row.connectionStatus === 'disconnected';
  return {
    crm,
    status: row.connectionStatus,
    externalId: row.externalId,
    reason: disconnected ? row.disconnectedReason : null,
    since: disconnected ? (row.disconnectedAt?.toISOString() ?? null) : (settings.connectedAt ?? null),
    tokenExpiresAt: row.tokenExpiresAt?.toISOString() ?? null,
  };
}

async function rateLimitFacts(deps: AppDeps, installationId: string, now: Date) {
  const rows = await deps.db
    .select()
    .from(crmRateLimits)
    .where(eq(crmRateLimits.installationId, installationId));
  if (!rows.length) return null;
  const windowStart = now.getTime() - 10_000;
  const blocked = rows
    .map((r) => r.blockedUntil)
    .filter((d): d is Date => d !== null && d > now)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    recentCalls: rows.reduce((n, r) => n + r.recent.filter((t) => t.getTime() > windowStart).length, 0),
    blockedUntil: blocked?.toISOString() ?? null,
  };
}

async function webhookFacts(deps: AppDeps, installationId: string, now: Date) {
  const [pending] = await deps.db
    .select({ n: count(), oldest: min(crmWebhookEvents.receivedAt) })
    .from(crmWebhookEvents)
    .where(and(eq(crmWebhookEvents.installationId, installationId), isNull(crmWebhookEvents.processedAt)));
  const [last] = await deps.db
    .select({ at: max(crmWebhookEvents.receivedAt) })
    .from(crmWebhookEvents)
    .where(eq(crmWebhookEvents.installationId, installationId));
  const oldest = pending?.oldest ? new Date(pending.oldest) : null;
  return {
    pending: Number(pending?.n ?? 0),
    oldestPendingAt: oldest?.toISOString() ?? null,
    lastReceivedAt: last?.at ? new Date(last.at).toISOString() : null,
    // Lag: how long the oldest unapplied delivery has waited; none waiting is no lag.
    lagSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : 0,
  };
}

/** Everything the Connections page shows, for the signed-in installation only; null if it is gone. */
export async function loadConnections(
  deps: AppDeps,
  installationId: string,
): Promise<ConnectionsView | null> {
  const connection = await connectionOf(deps, installationId);
  if (!connection) return null;
  const now = deps.clock.now();
  const { objects, outbox } = await syncStatus(deps, installationId);
  const lastRuns = objects.map((o) => o.lastRunAt).filter((t): t is string => t !== null);
  const budgetState =
    connection.crm === 'salesforce' ? await apiBudgetState(deps.db, installationId, now) : null;
  return {
    configured: {
      hubspot: Boolean(deps.config.HUBSPOT_CLIENT_ID),
      salesforce: Boolean(deps.config.SALESFORCE_CLIENT_ID),
    },
    connection,
    objects,
    progress: backfillProgress(objects),
    outbox,
    lastSyncAt: lastRuns.sort().at(-1) ?? null,
    webhooks: connection.crm === 'hubspot' ? await webhookFacts(deps, installationId, now) : null,
    budget: budgetState
      ? {
          used: budgetState.used,
          max: budgetState.max,
          ours24h: budgetState.ours24h,
          observedAt: budgetState.observedAt.toISOString(),
        }
      : null,
    rateLimit: connection.crm === 'hubspot' ? await rateLimitFacts(deps, installationId, now) : null,
    token: !connection.tokenExpiresAt
      ? 'none'
      : new Date(connection.tokenExpiresAt) > now
        ? 'valid'
        : 'expired',
    refreshFailure: connection.reason && /refresh/i.test(connection.reason) ? connection.reason : null,
    errors: objects
      .filter((o) => o.lastError)
      .map((o) => ({ object: o.object, error: o.lastError ?? '', advice: adviceFor(o.lastError ?? '') })),
  };
}

/**
 * An admin disconnects from the console: the same state a revoked token leaves (sync and outbox
 * jobs check it and stop), with who did it as the reason. Tokens stay sealed; Connect reconnects.
 */
export async function disconnectFromConsole(
  deps: AppDeps,
  installationId: string,
  by: string,
): Promise<boolean> {
  const connection = await connectionOf(deps, installationId);
  if (connection?.status !== 'connected') return false;
  await markDisconnected(deps.db, installationId, `disconnected by ${by}`, deps.clock.now());
  deps.logger.info('crm disconnected from the console', { installationId, crm: connection.crm, by });
  return true;
}
