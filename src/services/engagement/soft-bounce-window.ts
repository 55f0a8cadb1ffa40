import { and, eq, gt, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { engagementEvents, installations } from '../../db/schema';
import {
  type SoftBouncePolicy,
  softBouncePolicySchema,
  softBounceVerdict,
  toSoftBouncePolicy,
  windowStart,
} from '../../domain/inbound/soft-bounce-window';
import { err, ok, type Result } from '../../lib/result';

export async function getSoftBouncePolicy(db: Queryable, installationId: string): Promise<SoftBouncePolicy> {
  const [row] = await db
    .select({ settings: installations.settings })
    .from(installations)
    .where(eq(installations.id, installationId));
  return toSoftBouncePolicy(row?.settings.softBounces);
}

export type SoftBounceIssue = { path: string; message: string };

/** Merges a patch into the stored policy; other keys of `installations.settings` are kept. */
export async function updateSoftBouncePolicy(
  db: Queryable,
  installationId: string,
  patch: unknown,
): Promise<Result<SoftBouncePolicy, SoftBounceIssue[]>> {
  const parsed = softBouncePolicySchema.partial().safeParse(patch);
  if (!parsed.success) {
    return err(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const set = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  const next = { ...(await getSoftBouncePolicy(db, installationId)), ...set };
  await db
    .update(installations)
    .set({
      settings: sql`${installations.settings} || jsonb_build_object('softBounces', ${JSON.stringify(next)}::jsonb)`,
    })
    .where(eq(installations.id, installationId));
  return ok(next);
}

/**
 * The contact's counted soft bounces (not "still trying" notices) within the installation's
 * rolling window ending at `now` (the injected clock), with this one added when it counts.
 */
export async function softBouncesInWindow(
  tx: Queryable,
  input: { installationId: string; contactId: string; now: Date; countsThisOne: boolean },
): Promise<{ inWindow: number; limitReached: boolean; policy: SoftBouncePolicy }> {
  const policy = await getSoftBouncePolicy(tx, input.installationId);
  const rows = await tx
    .select({ at: engagementEvents.occurredAt })
    .from(engagementEvents)
    .where(
      and(
        eq(engagementEvents.installationId, input.installationId),
        eq(engagementEvents.contactId, input.contactId),
        eq(engagementEvents.type, 'bounced'),
        sql`${engagementEvents.data}->>'softCounted' = 'true'`,
        gt(engagementEvents.occurredAt, windowStart(policy, input.now)),
      ),
    );
  const at = [...rows.map((r) => r.at), ...(input.countsThisOne ? [input.now] : [])];
  return { ...softBounceVerdict(at, input.now, policy), policy };
}
