import { and, eq, isNull, lte, ne, or } from 'drizzle-orm';
import { crmOutbox, installations } from '../../db/schema';
import type { AppDeps } from '../deps';

/** The connected installations of one CRM with at least one outbox write due now. */
export async function installationsWithDueWrites(
  deps: AppDeps,
  crm: 'hubspot' | 'salesforce',
): Promise<string[]> {
  const now = deps.clock.now();
  const rows = await deps.db
    .selectDistinct({ id: crmOutbox.installationId })
    .from(crmOutbox)
    .innerJoin(installations, eq(installations.id, crmOutbox.installationId))
    .where(
      and(
        eq(installations.crm, crm),
        or(isNull(installations.connectionStatus), ne(installations.connectionStatus, 'disconnected')),
        eq(crmOutbox.status, 'pending'),
        or(isNull(crmOutbox.nextAttemptAt), lte(crmOutbox.nextAttemptAt, now)),
      ),
    );
  return rows.map((r) => r.id);
}
