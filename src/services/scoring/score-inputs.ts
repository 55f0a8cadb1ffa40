import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { type contacts, engagementEvents } from '../../db/schema';
import type { ScoreEvent } from '../../domain/scoring/evaluate';
import type { ScoreEventType } from '../../domain/scoring/model';
import { assertNever } from '../../lib/result';

type EngagementRow = Pick<
  typeof engagementEvents.$inferSelect,
  'id' | 'type' | 'machine' | 'url' | 'data' | 'occurredAt'
>;
type ContactRow = typeof contacts.$inferSelect;

/**
 * Stored engagement -> the events a model can score. An auto-reply is not a reply and scores
 * nothing; machine opens and clicks keep their flag, so the score leaves them out and says so.
 */
export function toScoreEvent(row: EngagementRow): ScoreEvent | undefined {
  const type = scoreTypeOf(row.type);
  if (!type) return undefined;
  const data = row.url ? { ...row.data, url: row.url } : row.data;
  return { id: row.id, type, at: row.occurredAt, machine: row.machine, data };
}

function scoreTypeOf(type: EngagementRow['type']): ScoreEventType | undefined {
  switch (type) {
    case 'opened':
      return 'email_opened_human';
    case 'clicked':
      return 'email_clicked';
    case 'replied':
      return 'email_replied';
    case 'auto_replied':
      return undefined;
    case 'visited':
      return 'page_visited';
    case 'form_submitted':
      return 'form_submitted';
    case 'meeting_booked':
      return 'meeting_booked';
    case 'unsubscribed':
      return 'unsubscribed';
    case 'bounced':
      return 'bounced';
    case 'complained':
      return 'complained';
    default:
      return assertNever(type);
  }
}

const columns = {
  id: engagementEvents.id,
  contactId: engagementEvents.contactId,
  type: engagementEvents.type,
  machine: engagementEvents.machine,
  url: engagementEvents.url,
  data: engagementEvents.data,
  occurredAt: engagementEvents.occurredAt,
};

/** Every scorable event of the given contacts, grouped by contact. */
export async function loadScoreEvents(
  db: Queryable,
  params: { installationId: string; contactIds: ReadonlyArray<string> },
): Promise<Map<string, ScoreEvent[]>> {
  const byContact = new Map<string, ScoreEvent[]>(params.contactIds.map((id) => [id, []]));
  if (params.contactIds.length === 0) return byContact;
  const rows = await db
    .select(columns)
    .from(engagementEvents)
    .where(
      and(
        eq(engagementEvents.installationId, params.installationId),
        params.contactIds.length === 1
          ? eq(engagementEvents.contactId, params.contactIds[0] ?? '')
          : inArray(engagementEvents.contactId, [...params.contactIds]),
      ),
    );
  for (const row of rows) {
    const event = toScoreEvent(row);
    if (event) byContact.get(row.contactId)?.push(event);
  }
  return byContact;
}

/**
 * What property rules see: the CRM property bag, plus the contact's own columns under their API
 * names where the bag has no value of that name (the bag is the CRM's word, so it wins).
 */
export function contactProperties(contact: ContactRow): Record<string, unknown> {
  const own: Record<string, unknown> = {
    email: contact.email,
    firstName: contact.firstName,
    lastName: contact.lastName,
    company: contact.company,
    country: contact.country,
    region: contact.region,
    ownerId: contact.ownerId,
  };
  const present = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== null && v !== undefined));
  return { ...present, ...contact.properties };
}

/** The newest human event that went into a score (latency and "last activity" are measured from it). */
export function lastEventAt(events: ReadonlyArray<ScoreEvent>, now: Date): Date | null {
  let latest: Date | null = null;
  for (const e of events) {
    if (e.machine !== true && e.at.getTime() <= now.getTime() && (!latest || e.at > latest)) latest = e.at;
  }
  return latest;
}
