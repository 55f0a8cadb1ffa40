import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';

/**
 * Queues the CRM timeline entry of a send (HubSpot app event, Salesforce completed Task) in the
 * transaction that marks it sent, so every mail that left shows on the contact's record with why
 * it went out when it did. Only contacts that came from a CRM get one; the send id makes it once.
 */
export async function queueSendTimeline(tx: Queryable, sendId: string, now: Date): Promise<void> {
  await tx.execute(sql`
    insert into crm_outbox (id, installation_id, contact_id, kind, payload, idempotency_key, created_at)
    select 'act_' || replace(gen_random_uuid()::text, '-', ''), s.installation_id, s.contact_id, 'timeline_event',
      jsonb_build_object(
        'sendId', s.id, 'enrollmentId', s.enrollment_id, 'stepKey', s.step_key,
        'sequenceId', e.sequence_id, 'sequenceName', q.name, 'subject', s.subject,
        'sentAt', ${now.toISOString()}::text, 'plannedAt', s.planned_at,
        'zone', s.zone, 'zoneSource', s.zone_source, 'reasons', s.reasons),
      'timeline:' || s.id, ${now.toISOString()}::timestamptz
    from sends s
    join installations i on i.id = s.installation_id and i.crm <> 'none'
    join contacts c on c.id = s.contact_id and c.external_id is not null
    join enrollments e on e.id = s.enrollment_id
    join sequences q on q.id = e.sequence_id
    where s.id = ${sendId}
    on conflict (idempotency_key) do nothing`);
}
