import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export type RateWindow = { limit: number; windowMs: number };
export type SlotResult = { ok: true } | { ok: false; waitMs: number };

/**
 * Takes one call slot of the installation's sliding window, or says how long to wait. The row
 * lock serialises every worker of every process, and the time is the database's
 * `clock_timestamp()` read after the lock, so all processes share one clock and one window.
 */
export async function acquire(
  db: Db,
  installationId: string,
  scope: string,
  window: RateWindow,
): Promise<SlotResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into crm_rate_limits (installation_id, scope) values (${installationId}, ${scope})
      on conflict do nothing`);
    await tx.execute(sql`
      select 1 from crm_rate_limits
      where installation_id = ${installationId} and scope = ${scope} for update`);
    // One statement, after the lock: prune calls older than the window, then either record this
    // call or report when the blocking call leaves the window (or the block ends).
    const { rows } = await tx.execute<{ allowed: boolean; wait_ms: string | number }>(sql`
      with c as (select clock_timestamp() as now, ${window.windowMs}::int * interval '1 millisecond' as span),
      w as (
        select c.now, c.span, r.blocked_until,
          array(select t from unnest(r.recent) as t where t > c.now - c.span order by t) as live
        from crm_rate_limits r, c
        where r.installation_id = ${installationId} and r.scope = ${scope}
      ),
      d as (
        select w.*, (blocked_until is null or blocked_until <= now)
          and cardinality(live) < ${window.limit}::int as allowed
        from w
      ),
      u as (
        update crm_rate_limits r
        set recent = case when d.allowed then array_append(d.live, d.now) else d.live end
        from d where r.installation_id = ${installationId} and r.scope = ${scope}
        returning 1
      )
      select d.allowed, greatest(
        coalesce(extract(epoch from (d.blocked_until - d.now)) * 1000, 0),
        case when cardinality(d.live) >= ${window.limit}::int
          then extract(epoch from (d.live[cardinality(d.live) - ${window.limit}::int + 1] + d.span - d.now)) * 1000
          else 0 end
      ) as wait_ms
      from d, (select count(*) from u) as written`);
    const row = rows[0];
    if (!row) throw new Error('crm_rate_limits row vanished under its lock');
    return row.allowed ? { ok: true } : { ok: false, waitMs: Math.max(1, Math.ceil(Number(row.wait_ms))) };
  });
}

/** Nobody calls for `forMs` from now (database clock); an existing longer block stays. */
export async function blockUntil(
  db: Db,
  installationId: string,
  scope: string,
  forMs: number,
): Promise<void> {
  await db.execute(sql`
    insert into crm_rate_limits as r (installation_id, scope, blocked_until)
    values (${installationId}, ${scope}, clock_timestamp() + ${Math.ceil(forMs)}::int * interval '1 millisecond')
    on conflict (installation_id, scope) do update
    set blocked_until = greatest(r.blocked_until, excluded.blocked_until)`);
}
