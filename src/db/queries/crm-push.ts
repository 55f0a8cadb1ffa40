import { sql } from 'drizzle-orm';
import type { Queryable } from '../client';

/**
 * Queues a write of our own contact properties to the CRM in the caller's transaction, for
 * contacts that came from a CRM only. The drain merges a contact's pending writes (latest wins)
 * and batches 100 contacts per call, so one row per change is fine.
 */
export async function queuePropertyPush(
  tx: Queryable,
  input: {
    installationId: string;
    contactId: string;
    properties: Record<string, string | number | null>;
    /** Unique per change, so a retried transaction queues it once. */
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

/**
 * The contact's sequence properties (status, last step sent, next step time) as the enrollment
 * stands after `eventId`, queued for the CRM. Status names follow the CRM property's options.
 */
export async function queueSequenceStatePush(
  tx: Queryable,
  input: { enrollmentId: string; eventId: number; now: Date },
): Promise<void> {
  await queueSequenceStatePushes(tx, [input], input.now);
}

/** The same for many events in one statement (a batch of steps). */
export async function queueSequenceStatePushes(
  tx: Queryable,
  events: ReadonlyArray<{ enrollmentId: string; eventId: number }>,
  now: Date,
): Promise<void> {
  if (events.length === 0) return;
  const ids = events.map((e) => e.enrollmentId);
  const seqs = events.map((e) => e.eventId);
  await tx.execute(sql`
    insert into crm_outbox (id, installation_id, contact_id, kind, payload, idempotency_key, created_at)
    select 'act_' || replace(gen_random_uuid()::text, '-', ''), en.installation_id, en.contact_id, 'property_update',
      jsonb_build_object('source', 'sequence', 'enrollmentId', en.id, 'seq', x.seq,
        'properties', jsonb_build_object(
        'tandem_sequence_status', case en.status::text
          when 'opted_out' then 'unsubscribed' when 'removed' then 'stopped' when 'failed' then 'stopped'
          else en.status::text end,
        'tandem_next_step_at', case when en.status = 'active' and en.step_due_at is not null
          then to_char(en.step_due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') else '' end,
        'tandem_last_step', coalesce((select s.step_key from sends s where s.enrollment_id = en.id
          and s.status = 'sent' order by s.sent_at desc limit 1), ''))),
      'enrollment-event:' || x.seq::text, ${now.toISOString()}::timestamptz
    from unnest(${sql.param(ids)}::text[], ${sql.param(seqs)}::bigint[]) as x(enrollment_id, seq)
    join enrollments en on en.id = x.enrollment_id
    join contacts c on c.id = en.contact_id and c.external_id is not null and c.deleted_at is null
    join installations i on i.id = en.installation_id and i.crm <> 'none'
    order by x.seq
    on conflict (idempotency_key) do nothing`);
}
