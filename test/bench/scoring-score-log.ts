import type { DbHandle } from '../../src/db/client';

/** Bench-only: every write of a stored score, so latency can be taken per event, not per last write. */
export async function logScoreWrites(handle: DbHandle): Promise<void> {
  await handle.pool.query(`
    create table bench_score_log (contact_id text not null, last_event_at timestamptz, computed_at timestamptz not null);
    create index on bench_score_log (contact_id, last_event_at);
    create function bench_log_score() returns trigger language plpgsql as $$
    begin
      insert into bench_score_log values (new.contact_id, new.last_event_at, new.computed_at);
      return new;
    end $$;
    create trigger bench_log_score after insert or update on contact_scores
      for each row execute function bench_log_score();`);
}

/**
 * Per event (contact, occurredAt): when the first stored score that includes it was computed, at or
 * before `until` (null: not scored by then). A score includes an event when its `lastEventAt` is at
 * or after the event's time; that holds as long as one contact's events commit in time order.
 */
export async function firstScoredAt(
  handle: DbHandle,
  events: ReadonlyArray<{ contactId: string; at: Date }>,
  until: Date = new Date('9999-01-01'),
): Promise<Array<Date | null>> {
  const { rows } = await handle.pool.query<{ scored: Date | null }>(
    `select (select min(l.computed_at) from bench_score_log l
             where l.contact_id = e.contact_id and l.last_event_at >= e.at and l.computed_at <= $3) as scored
     from unnest($1::text[], $2::timestamptz[]) with ordinality as e(contact_id, at, n) order by e.n`,
    [events.map((e) => e.contactId), events.map((e) => e.at.toISOString()), until.toISOString()],
  );
  return rows.map((r) => r.scored);
}

/** How many of the contacts' latest events no stored score includes yet. */
export async function unscoredContacts(
  handle: DbHandle,
  events: ReadonlyArray<{ contactId: string; at: Date }>,
): Promise<number> {
  const last = new Map<string, Date>();
  for (const e of events)
    if ((last.get(e.contactId)?.getTime() ?? 0) < e.at.getTime()) last.set(e.contactId, e.at);
  const ids = [...last.keys()];
  const { rows } = await handle.pool.query<{ n: number }>(
    `select count(*)::int as n from contact_scores s
     join unnest($1::text[], $2::timestamptz[]) as want(contact_id, at) on want.contact_id = s.contact_id
     where s.last_event_at >= want.at`,
    [ids, ids.map((id) => last.get(id)?.toISOString())],
  );
  return ids.length - (rows[0]?.n ?? 0);
}
