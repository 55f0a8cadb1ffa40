import { DateTime } from 'luxon';
import type pg from 'pg';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startSmtpSink } from '../../src/mail/smtp-sink';
import { createHandlers } from '../../src/worker/handlers';
import { startWorkers } from '../../src/worker/start';
import { type BenchEnv, envNumber, type Figure, openBenchDeps, quantile, waitUntil } from './harness';
import { ALL_DAY, enrollAll, seedContacts, seedOneStepSequence } from './seed';

const MINUTE_MS = 60_000;
const WARMUP = 100;

/** Real zones far enough apart that at any instant one of them reads between 02:00 and 20:59. */
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'America/Los_Angeles', 'Asia/Kolkata'];

export type Window = { days: number[]; start: string; end: string };

/**
 * A window around `due` in a zone where it reads mid-day: it opens an hour before `due` and
 * closes at `end` (a whole minute), so both fall on one local day.
 */
export function windowAround(due: Date, end: Date): { zone: string; window: Window } {
  for (const zone of ZONES) {
    const local = DateTime.fromJSDate(due, { zone });
    const close = DateTime.fromJSDate(end, { zone });
    if (local.hour < 2 || local.hour > 20 || close.toISODate() !== local.toISODate()) continue;
    return {
      zone,
      window: {
        days: [1, 2, 3, 4, 5, 6, 7],
        start: local.minus({ hours: 1 }).toFormat('HH:mm'),
        end: close.toFormat('HH:mm'),
      },
    };
  }
  throw new Error(`no zone in ${ZONES.join(', ')} reads mid-day at ${due.toISOString()}`);
}

export type LatenessOptions = {
  /** Figure names start with it ('' or 'window_'). */
  prefix: string;
  database: string;
  enrollments: number;
  /** Seconds after the due instant that the window closes; null: about 3 hours. */
  closeAfterSeconds: number | null;
};

/**
 * N one-step enrollments whose step is due at one instant T a little after they are all
 * enrolled: the enroll service runs on a clock that reads T, so its planner puts every step at
 * T (inside the window, no jitter). Then the worker runs on the real clock and the sink's receipt
 * times give the lateness; the window in the contact's zone gives the sends outside it.
 */
export async function runLateness(env: BenchEnv, options: LatenessOptions): Promise<Figure[]> {
  const n = options.enrollments;
  const sink = await startSmtpSink({ limit: n + 10 });
  const { handle, boss, deps } = await openBenchDeps(env.url, options.database, {
    url: sink.url,
    connections: envNumber('BENCH_SMTP', 40),
  });
  const concurrency = envNumber('BENCH_ENROLL_CONCURRENCY', 8);

  // The enroll rate, measured on a sequence whose step is a day away, sets how far ahead T is.
  const warm = await seedOneStepSequence(handle.db, {
    cadence: ALL_DAY,
    now: new Date(),
    delayMinutes: 1440,
  });
  const warmIds = await seedContacts(handle.db, warm.installationId, WARMUP);
  const rate = WARMUP / (await enrollAll(deps, warm, warmIds, concurrency));
  const ready = Date.now() + Math.ceil(((1.3 * n) / rate) * 1000) + 5000;
  // The window closes on a whole minute, so with a close given, T moves later to sit that far before it.
  const close =
    options.closeAfterSeconds === null
      ? new Date(Math.ceil((ready + 3 * 60 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS)
      : new Date(Math.ceil((ready + options.closeAfterSeconds * 1000) / MINUTE_MS) * MINUTE_MS);
  const due =
    options.closeAfterSeconds === null
      ? new Date(Math.ceil(ready / 1000) * 1000)
      : new Date(close.getTime() - options.closeAfterSeconds * 1000);
  const { zone, window } = windowAround(due, close);
  env.log(
    `enroll ${rate.toFixed(0)}/s; ${n} steps due at ${due.toISOString()}, window ${window.start}-${window.end} ${zone} (closes ${(close.getTime() - due.getTime()) / 1000}s after)`,
  );

  const sequence = await seedOneStepSequence(handle.db, {
    cadence: { window, weekend: [], excludeHolidays: false },
    now: new Date(),
  });
  const contactIds = await seedContacts(handle.db, sequence.installationId, n, { crmTimeZone: zone });
  await enrollAll({ ...deps, clock: fixedClock(due) }, sequence, contactIds, concurrency);
  const overrun = Math.max(0, (Date.now() - due.getTime()) / 1000);
  if (overrun > 0) env.log(`enrolling ran ${overrun.toFixed(1)}s past the due instant: lateness includes it`);
  const planned = await handle.pool.query<{ lo: Date; hi: Date }>(
    'select min(step_due_at) as lo, max(step_due_at) as hi from enrollments where sequence_id = $1',
    [sequence.sequenceId],
  );
  env.log(`planned ${planned.rows[0]?.lo.toISOString()} .. ${planned.rows[0]?.hi.toISOString()}`);

  await startWorkers(boss, createHandlers(deps), { concurrency: 8, logger: silentLogger });
  // Done when every step was sent or re-planned (gated: after the window, to the next day).
  let replanned = 0;
  await waitUntil(
    `${n} steps sent or re-planned`,
    async () => {
      if (sink.messages.length >= n) return true;
      replanned = await countReplanned(handle.pool, sequence.sequenceId);
      return sink.messages.length + replanned >= n;
    },
    { intervalMs: 250 },
  );
  await boss.stop({ graceful: true, close: true });
  deps.mailer.close();
  await sink.stop();

  const received = new Map<string, number>();
  for (const m of sink.messages)
    if (!received.has(m.messageId)) received.set(m.messageId, m.receivedAt.getTime());
  const sent = await handle.pool.query<{ message_id: string; planned_at: Date }>(
    `select message_id, planned_at from sends where status = 'sent'`,
  );
  const lateness = sent.rows.flatMap((r) => {
    const at = received.get(r.message_id);
    return at === undefined ? [] : [(at - r.planned_at.getTime()) / 1000];
  });
  const outside = await countOutsideWindow(handle.pool, window, zone);
  const gated = await countEvents(handle.pool, `e.type = 'send_gated'`);
  const late = await countEvents(handle.pool, `e.reason = 'late' or e.data->'reasons' @> '["late"]'::jsonb`);
  await handle.close();

  const p = options.prefix;
  const figures: Figure[] = [
    { name: `${p}lateness_p50_s`, value: quantile(lateness, 0.5), unit: 's' },
    { name: `${p}lateness_p99_s`, value: quantile(lateness, 0.99), unit: 's' },
    { name: `${p}lateness_max_s`, value: quantile(lateness, 1), unit: 's' },
    { name: `${p}sent`, value: lateness.length, unit: 'count' },
    { name: `${p}outside_window_sends`, value: outside, unit: 'count' },
    { name: `${p}late_replans`, value: late, unit: 'count' },
    { name: `${p}gated_replans`, value: gated, unit: 'count' },
  ];
  if (options.closeAfterSeconds !== null) {
    figures.push({ name: `${p}close_after_s`, value: (close.getTime() - due.getTime()) / 1000, unit: 's' });
  }
  if (overrun > 0) figures.push({ name: `${p}enroll_overrun_s`, value: overrun, unit: 's' });
  return figures;
}

/** Enrollments of the sequence whose step was re-planned at send time (gated, or late). */
async function countReplanned(pool: pg.Pool, sequenceId: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `select count(distinct e.enrollment_id)::int as n from enrollment_events e
       join enrollments en on en.id = e.enrollment_id
      where en.sequence_id = $1 and (e.type = 'send_gated' or e.reason = 'late')`,
    [sequenceId],
  );
  return rows[0]?.n ?? 0;
}

async function countEvents(pool: pg.Pool, where: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `select count(*)::int as n from enrollment_events e where ${where}`,
  );
  return rows[0]?.n ?? 0;
}

/** Sent mail whose `sent_at`, on the contact's clock (the zone on the send row), is outside the window. */
async function countOutsideWindow(pool: pg.Pool, window: Window, zone: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `select count(*)::int as n from (
       select (sent_at at time zone coalesce(zone, $4)) as local from sends where status = 'sent'
     ) s
     where not (extract(isodow from s.local)::int = any($1::int[])
       and s.local::time >= $2::text::time and ($3::text = '24:00' or s.local::time < $3::text::time))`,
    [window.days, window.start, window.end, zone],
  );
  return rows[0]?.n ?? 0;
}
