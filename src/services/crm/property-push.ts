import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';

/**
 * Queues a write of our own contact properties (score, band, sequence status...) to the CRM, in the
 * caller's transaction. Only contacts that came from a CRM get one. The drain merges a contact's
 * pending writes (latest value wins) and batches 100 contacts per call, so one row per change is fine.
 */
export async function queuePropertyPush(
  tx: Queryable,
  input: {
    installationId: string;
    contactId: string;
    properties: Record<string, string | number | null>;
    /** Unique per change (e.g. `score:<contact>:<ms>`), so a retried transaction queues it once. */
    key: string;
    source: string;
    now: Date;
  },
): Promise<void> {
  await tx.execute(sql`
    insert into crm_outbox (id, installation_id, contact_id, kind, payload, idempotency_key, created_at)
    select 'act_' || replace(gen_random_uuid()::text, '-', ''), c.installation_id, c.id, 'property_update',
      jsonb_build_object('properties', ${JSON.stringify(input.properties)}::jsonb, 'source', ${input.source}::text),
      ${input.key}, ${input.now.toISOString()}::timestamptz
    from contacts c
    join installations i on i.id = c.installation_id and i.crm <> 'none'
    where c.id = ${input.contactId} and c.installation_id = ${input.installationId}
      and c.external_id is not null and c.deleted_at is null
    on conflict (idempotency_key) do nothing`);
}

/** The band is the label of the highest threshold the contact is above (null below every one). */
export function bandOf(
  thresholds: ReadonlyArray<{ id: string; label: string; score: number }>,
  states: Readonly<Record<string, { state: string }>>,
): string | null {
  const above = thresholds.filter((t) => states[t.id]?.state === 'above').sort((a, b) => a.score - b.score);
  return above.at(-1)?.label ?? null;
}
