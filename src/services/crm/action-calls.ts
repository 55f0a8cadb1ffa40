import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { crmActionCalls } from '../../db/schema';
import type { AppDeps } from '../deps';

export type CallKey = { installationId: string; callbackId: string };

/**
 * Answers a CRM workflow call (HubSpot workflow action, Salesforce Flow) once per callbackId, in one transaction: the claim row is
 * inserted first, so an identical call running in parallel blocks on the primary key until this
 * transaction ends, then finds the stored answer. A retry (HubSpot retries on 5xx and 429, and a
 * workflow re-run reuses nothing) gets the same answer and changes nothing. If `decide` throws,
 * the claim rolls back with everything else and the retry decides afresh.
 */
export async function answerOnce<A>(
  deps: AppDeps,
  key: CallKey,
  action: string,
  decide: (tx: Queryable) => Promise<A>,
): Promise<A> {
  return deps.db.transaction(async (tx) => {
    const claimed = await tx
      .insert(crmActionCalls)
      .values({ ...key, action, response: {}, createdAt: deps.clock.now() })
      .onConflictDoNothing()
      .returning({ callbackId: crmActionCalls.callbackId });
    if (claimed.length === 0) {
      const [stored] = await tx
        .select({ response: crmActionCalls.response })
        .from(crmActionCalls)
        .where(
          and(
            eq(crmActionCalls.installationId, key.installationId),
            eq(crmActionCalls.callbackId, key.callbackId),
          ),
        );
      if (!stored) throw new Error('action call conflict without a stored answer');
      return stored.response as A;
    }
    const result = await decide(tx);
    await tx
      .update(crmActionCalls)
      .set({ response: result as unknown as Record<string, unknown> })
      .where(
        and(
          eq(crmActionCalls.installationId, key.installationId),
          eq(crmActionCalls.callbackId, key.callbackId),
        ),
      );
    return result;
  });
}
