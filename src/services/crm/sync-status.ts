import { and, count, eq, inArray } from 'drizzle-orm';
import { crmOutbox, installations } from '../../db/schema';
import type { AppDeps } from '../deps';
import { type Progress, progressOf } from './sync-progress';
import { listSyncStates } from './sync-state';

export type ObjectSyncStatus = Progress & {
  object: string;
  phase: string;
  /** Records that failed mapping during the backfill (no email, malformed). */
  skipped: number;
  since: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  lastRunAt: string | null;
  lastError: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function skippedOf(cursor: string | null): number {
  try {
    return Number((JSON.parse(cursor ?? '{}') as { skipped?: unknown }).skipped) || 0;
  } catch {
    return 0;
  }
}

/** Each object's pull state with progress, and the outbox backlog, for `GET /v1/crm/status`. */
export async function syncStatus(deps: AppDeps, installationId: string) {
  const now = deps.clock.now();
  const states = await listSyncStates(deps.db, installationId);
  const objects: ObjectSyncStatus[] = states.map((s) => ({
    object: s.object,
    phase: s.phase,
    ...progressOf(s, now),
    skipped: s.phase === 'backfill' ? skippedOf(s.cursor) : 0,
    since: iso(s.since),
    startedAt: iso(s.startedAt),
    finishedAt: iso(s.finishedAt),
    lastRunAt: iso(s.lastRunAt),
    lastError: s.lastError,
  }));
  const backlog = await deps.db
    .select({ status: crmOutbox.status, n: count() })
    .from(crmOutbox)
    .where(
      and(eq(crmOutbox.installationId, installationId), inArray(crmOutbox.status, ['pending', 'failed'])),
    )
    .groupBy(crmOutbox.status);
  const outbox = { pending: 0, failed: 0 };
  for (const b of backlog) outbox[b.status as 'pending' | 'failed'] = Number(b.n);
  const [installation] = await deps.db
    .select({ crm: installations.crm })
    .from(installations)
    .where(eq(installations.id, installationId));
  return { crm: installation?.crm ?? 'none', objects, outbox };
}
