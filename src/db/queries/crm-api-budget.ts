import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../client';
import { crmApiLimits, crmApiUsage } from '../schema/crm-api';

export type ApiUsage = { used: number; max: number };
export type ApiBudgetState = {
  used: number;
  max: number;
  ours24h: number;
  /** Our calls in the 24 h before the observation: the part of `used` that was ours then. */
  oursAtObservation: number;
  observedAt: Date;
};

const HOUR_MS = 3_600_000;
const hourOf = (now: Date) => new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);

/**
 * Adds our `calls` to the installation's hour bucket and, when the answer carried
 * `Sforce-Limit-Info`, stores the org's own count. One statement each: concurrent workers add up.
 */
export async function recordApiCalls(
  db: Queryable,
  installationId: string,
  calls: number,
  usage: ApiUsage | null,
  now: Date,
): Promise<void> {
  if (calls > 0) {
    await db
      .insert(crmApiUsage)
      .values({ installationId, hour: hourOf(now), calls })
      .onConflictDoUpdate({
        target: [crmApiUsage.installationId, crmApiUsage.hour],
        set: { calls: sql`${crmApiUsage.calls} + ${calls}` },
      });
  }
  if (usage) {
    // An older answer arriving late must not overwrite a newer count.
    await db
      .insert(crmApiLimits)
      .values({ installationId, used: usage.used, max: usage.max, observedAt: now })
      .onConflictDoUpdate({
        target: crmApiLimits.installationId,
        set: { used: usage.used, max: usage.max, observedAt: now },
        setWhere: sql`${crmApiLimits.observedAt} <= ${now}`,
      });
  }
}

/** The org's last known count and our own calls in the 24 hours before `now`; null before any answer. */
export async function apiBudgetState(
  db: Queryable,
  installationId: string,
  now: Date,
): Promise<ApiBudgetState | null> {
  const [limits] = await db
    .select()
    .from(crmApiLimits)
    .where(eq(crmApiLimits.installationId, installationId));
  if (!limits) return null;
  return {
    used: limits.used,
    max: limits.max,
    ours24h: await ourCalls(db, installationId, now),
    oursAtObservation: await ourCalls(db, installationId, limits.observedAt),
    observedAt: limits.observedAt,
  };
}

/** Our calls in the 24 h before `at` (the bucket of the hour 24 h back counts: err on our side). */
async function ourCalls(db: Queryable, installationId: string, at: Date): Promise<number> {
  const since = new Date(hourOf(at).getTime() - 24 * HOUR_MS);
  const [ours] = await db
    .select({ calls: sql<string | null>`sum(${crmApiUsage.calls})` })
    .from(crmApiUsage)
    .where(
      and(
        eq(crmApiUsage.installationId, installationId),
        gte(crmApiUsage.hour, since),
        lte(crmApiUsage.hour, at),
      ),
    );
  return Number(ours?.calls ?? 0);
}
