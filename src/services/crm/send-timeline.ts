import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';

/** The app event of a send (manifest/hubspot/src/app/app-events/sequence-email-sent-hsmeta.json). */
export const SEND_EVENT = 'sequence_email_sent';

type SendFacts = {
  id: string;
  installation_id: string;
  contact_id: string;
  enrollment_id: string;
  step_key: string;
  subject: string;
  planned_at: string | null;
  zone: string | null;
  zone_source: string | null;
  reasons: string[];
  sequence_id: string;
  sequence_name: string;
};

/**
 * Queues the CRM timeline entry of a send (HubSpot app event, Salesforce completed Task) in the
 * transaction that marks it sent, so every mail that left shows on the contact's record with why
 * it went out when it did. Only contacts that came from a CRM get one; the send id makes it once.
 */
export async function queueSendTimeline(tx: Queryable, sendId: string, now: Date): Promise<void> {
  await queueSendTimelines(tx, [sendId], now);
}

/** The same for a batch of sends: one read, one insert. */
export async function queueSendTimelines(
  tx: Queryable,
  sendIds: readonly string[],
  now: Date,
): Promise<void> {
  if (sendIds.length === 0) return;
  const { rows } = await tx.execute<SendFacts>(sql`
    select s.id, s.installation_id, s.contact_id, s.enrollment_id, s.step_key, s.subject, s.planned_at,
      s.zone, s.zone_source, s.reasons, e.sequence_id, q.name as sequence_name
    from sends s
    join installations i on i.id = s.installation_id and i.crm <> 'none'
    join contacts c on c.id = s.contact_id and c.external_id is not null
    join enrollments e on e.id = s.enrollment_id
    join sequences q on q.id = e.sequence_id
    where s.id = any(${sql.param([...sendIds])}::text[])
    order by s.id`);
  if (rows.length === 0) return;
  const entries = rows.map((s) => ({
    installation_id: s.installation_id,
    contact_id: s.contact_id,
    key: `timeline:${s.id}`,
    payload: {
      eventTemplateId: SEND_EVENT,
      timestamp: now.toISOString(),
      tokens: {
        sequenceName: s.sequence_name,
        sequenceId: s.sequence_id,
        stepKey: s.step_key,
        subject: s.subject,
        localTime: localTime(now, s.zone),
        timeZone: s.zone ?? 'UTC',
        zoneSource: s.zone_source ?? 'default',
        whyThen: s.reasons.length > 0 ? s.reasons.join('; ') : 'due now, inside the send window',
      },
      extraData: { sendId: s.id, enrollmentId: s.enrollment_id, plannedAt: s.planned_at, reasons: s.reasons },
    },
  }));
  await tx.execute(sql`
    insert into crm_outbox (id, installation_id, contact_id, kind, payload, idempotency_key, created_at)
    select 'act_' || replace(gen_random_uuid()::text, '-', ''), x.installation_id, x.contact_id,
      'timeline_event', x.payload, x.key, ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb)
      as x(installation_id text, contact_id text, key text, payload jsonb)
    on conflict (idempotency_key) do nothing`);
}

/** The contact's wall-clock time of the send, as the rep reads it on the timeline. */
function localTime(at: Date, zone: string | null): string {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone: zone ?? 'UTC',
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(at);
  } catch {
    return at.toISOString();
  }
}
