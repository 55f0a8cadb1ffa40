import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client';

export type Overview = {
  name: string;
  crm: string;
  connection: string | null;
  sequences: number;
  active: number;
  paused: number;
  unmatchedInbound: number;
  unknownSends: number;
  suppressed: number;
};

/** The console's first page: one round trip of counts for the signed-in installation. */
export async function loadOverview(db: Queryable, installationId: string): Promise<Overview | null> {
  const result = await db.execute<{
    name: string;
    crm: string;
    connection: string | null;
    sequences: string;
    active: string;
    paused: string;
    unmatched_inbound: string;
    unknown_sends: string;
    suppressed: string;
  }>(sql`
    select i.name, i.crm, i.connection_status as connection,
      (select count(*) from sequences s where s.installation_id = i.id and s.archived_at is null) as sequences,
      (select count(*) from enrollments e where e.installation_id = i.id and e.status = 'active') as active,
      (select count(*) from enrollments e where e.installation_id = i.id and e.status = 'paused') as paused,
      (select count(*) from inbound_messages m where m.installation_id = i.id and m.status = 'unmatched')
        as unmatched_inbound,
      (select count(*) from sends x where x.installation_id = i.id and x.status = 'unknown') as unknown_sends,
      (select count(*) from contacts c where c.installation_id = i.id and c.suppressed_at is not null)
        as suppressed
    from installations i where i.id = ${installationId}`);
  const row = result.rows[0];
  if (!row) return null;
  return {
    name: row.name,
    crm: row.crm,
    connection: row.connection,
    sequences: Number(row.sequences),
    active: Number(row.active),
    paused: Number(row.paused),
    unmatchedInbound: Number(row.unmatched_inbound),
    unknownSends: Number(row.unknown_sends),
    suppressed: Number(row.suppressed),
  };
}
