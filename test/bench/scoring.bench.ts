import type { DbHandle } from '../../src/db/client';
import { silentLogger } from '../../src/lib/logger';
import { upsertContact } from '../../src/services/contacts';
import type { AppDeps } from '../../src/services/deps';
import { type EngagementType, recordEngagement } from '../../src/services/engagement/events';
import { createInstallation } from '../../src/services/installations';
import { createModel } from '../../src/services/scoring/models';
import { publishModel } from '../../src/services/scoring/publish';
import { createHandlers } from '../../src/worker/handlers';
import { startWorkers } from '../../src/worker/start';
import { type Bench, type Figure, openBenchDeps } from './harness';

const EVENTS = Number(process.env.BENCH_SCORING_EVENTS ?? 10_000);
const CONTACTS = Number(process.env.BENCH_SCORING_CONTACTS ?? 1_000);
/** Paced phase: events per second, and for how long. */
const PACED_RATE = Number(process.env.BENCH_SCORING_RATE ?? 100);
const PACED_SECONDS = Number(process.env.BENCH_SCORING_SECONDS ?? 10);
const PRODUCERS = Number(process.env.BENCH_SCORING_PRODUCERS ?? 8);
const CONCURRENCY = 8;

const types: EngagementType[] = ['clicked', 'opened', 'visited', 'replied', 'form_submitted'];

const model = {
  name: 'Bench',
  halfLifeDays: 30,
  rules: [
    { id: 'clicked', label: 'Clicked', kind: 'event', event: 'email_clicked', points: 5, maxPoints: 25 },
    { id: 'opened', label: 'Opened', kind: 'event', event: 'email_opened_human', points: 1, maxPoints: 5 },
    {
      id: 'pricing',
      label: 'Pricing',
      kind: 'event',
      event: 'page_visited',
      match: { pagePath: '/pricing*' },
      points: 10,
    },
    { id: 'replied', label: 'Replied', kind: 'event', event: 'email_replied', points: 20 },
    { id: 'form', label: 'Form', kind: 'event', event: 'form_submitted', points: 15 },
    {
      id: 'size',
      label: 'Mid-market',
      kind: 'property',
      property: 'companySize',
      op: 'gte',
      value: 200,
      points: 10,
    },
  ],
  thresholds: [
    {
      id: 'mql',
      label: 'MQL',
      score: 50,
      hysteresis: 10,
      direction: 'up',
      actions: [{ type: 'crm_task', subject: 'Call' }],
    },
  ],
};

type Sent = { contactId: string; occurredAt: Date; committedAt: number };

/**
 * Real time scoring through the production path: `recordEngagement` stores each event and requests
 * the recompute in its transaction; the real workers score. (a) Events scored per second: a burst of
 * EVENTS over CONTACTS, timed until every contact's stored score includes its last event. (b) p95
 * from an event's commit to the first stored score that includes it, at a steady PACED_RATE.
 * Knobs: BENCH_SCORING_EVENTS, _CONTACTS, _RATE, _SECONDS, _PRODUCERS.
 */
export const bench: Bench = {
  name: 'scoring',
  run: async (env) => {
    // Scoring sends no mail; the mailer points nowhere.
    const { handle, boss, deps } = await openBenchDeps(env.url, 'bench_scoring', {
      url: 'smtp://127.0.0.1:9',
    });
    const installation = await createInstallation(handle.db, { name: 'Bench' });
    const created = await createModel(
      handle.db,
      installation.id,
      { name: 'Bench', draft: model },
      new Date(),
    );
    if (!created.ok) throw new Error('model exists');
    const published = await publishModel(deps, {
      installationId: installation.id,
      modelId: created.value.id,
    });
    if (!published.ok) throw new Error(JSON.stringify(published.error));
    await logScoreWrites(handle);

    const contactIds = await makeContacts(handle, installation.id, CONTACTS + PACED_RATE * PACED_SECONDS);
    const burstContacts = contactIds.slice(0, CONTACTS);
    const pacedContacts = contactIds.slice(CONTACTS);
    await startWorkers(boss, createHandlers(deps), { concurrency: CONCURRENCY, logger: silentLogger });

    env.log(`burst: ${EVENTS} events over ${CONTACTS} contacts`);
    const started = performance.now();
    const burst = await produce(deps, installation.id, burstContacts, EVENTS, null);
    await untilScored(handle, burst);
    const burstSeconds = (performance.now() - started) / 1000;
    const burstLatency = await latencies(handle, burst);
    const writes = await handle.pool.query<{ n: number }>('select count(*)::int as n from bench_score_log');
    env.log(
      `burst: ${writes.rows[0]?.n} score writes for ${EVENTS} events (a contact's queued events share one)`,
    );

    env.log(`paced: ${PACED_RATE}/s for ${PACED_SECONDS}s`);
    const paced = await produce(deps, installation.id, pacedContacts, PACED_RATE * PACED_SECONDS, PACED_RATE);
    await untilScored(handle, paced);
    const pacedLatency = await latencies(handle, paced);

    await boss.stop({ graceful: true, close: true });
    deps.mailer.close();
    await handle.close();
    env.log(
      `burst p95 ${Math.round(p95(burstLatency))} ms (queueing included), paced p50 ${Math.round(percentile(pacedLatency, 0.5))} ms`,
    );
    const figures: Figure[] = [
      { name: 'scoring_events_per_s', value: EVENTS / burstSeconds, unit: '1/s' },
      { name: 'scoring_p95_latency_ms', value: p95(pacedLatency), unit: 'ms' },
      { name: 'scoring_burst_p95_latency_ms', value: p95(burstLatency), unit: 'ms' },
    ];
    return figures;
  },
};

/** Bench-only: every write of a stored score, so latency can be taken per event, not per last write. */
async function logScoreWrites(handle: DbHandle): Promise<void> {
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

async function makeContacts(handle: DbHandle, installationId: string, n: number): Promise<string[]> {
  const now = new Date();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const properties = { companySize: i % 3 === 0 ? 500 : 20 };
    ids.push(
      (await upsertContact(handle.db, installationId, { email: `s${i}@example.com`, properties }, now)).id,
    );
  }
  return ids;
}

/**
 * PRODUCERS writers, each owning a slice of the contacts, so one contact's events commit in the
 * order of their timestamps (a stored `lastEventAt` at or after an event then proves it was seen).
 * With a rate, events are spaced evenly in time; without one, they go as fast as Postgres takes them.
 */
async function produce(
  deps: AppDeps,
  installationId: string,
  contactIds: string[],
  total: number,
  rate: number | null,
): Promise<Sent[]> {
  const sent: Sent[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: PRODUCERS }, async (_, p) => {
      for (let i = p; i < total; i += PRODUCERS) {
        if (rate) {
          const due = start + (i / rate) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        // Producer p owns the contacts at p, p + PRODUCERS, p + 2 * PRODUCERS, ...
        const owned = Math.floor(contactIds.length / PRODUCERS);
        const contactId = contactIds[p + PRODUCERS * (((i - p) / PRODUCERS) % owned)] ?? '';
        const occurredAt = new Date();
        const type = types[i % types.length] ?? 'clicked';
        await deps.db.transaction((tx) =>
          recordEngagement(deps, tx, {
            installationId,
            contactId,
            type,
            dedupeKey: `bench:${rate ?? 'burst'}:${i}`,
            occurredAt,
            ...(type === 'visited' ? { url: 'https://acme.test/pricing' } : {}),
          }),
        );
        sent.push({ contactId, occurredAt, committedAt: Date.now() });
      }
    }),
  );
  return sent;
}

async function untilScored(handle: DbHandle, sent: Sent[]): Promise<void> {
  const last = new Map<string, Date>();
  for (const s of sent)
    if ((last.get(s.contactId)?.getTime() ?? 0) < s.occurredAt.getTime()) last.set(s.contactId, s.occurredAt);
  const ids = [...last.keys()];
  const times = ids.map((id) => last.get(id)?.toISOString());
  for (;;) {
    const { rows } = await handle.pool.query<{ n: number }>(
      `select count(*)::int as n from contact_scores s
       join unnest($1::text[], $2::timestamptz[]) as want(contact_id, at) on want.contact_id = s.contact_id
       where s.last_event_at >= want.at`,
      [ids, times],
    );
    if ((rows[0]?.n ?? 0) >= ids.length) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Per event: the first stored score that includes it, minus the event's commit time. */
async function latencies(handle: DbHandle, sent: Sent[]): Promise<number[]> {
  const { rows } = await handle.pool.query<{ scored: Date }>(
    `select (select min(l.computed_at) from bench_score_log l
             where l.contact_id = e.contact_id and l.last_event_at >= e.at) as scored
     from unnest($1::text[], $2::timestamptz[]) with ordinality as e(contact_id, at, n) order by e.n`,
    [sent.map((s) => s.contactId), sent.map((s) => s.occurredAt.toISOString())],
  );
  return rows.map((r, i) => Math.max(0, r.scored.getTime() - (sent[i]?.committedAt ?? 0)));
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function p95(values: number[]): number {
  return percentile(values, 0.95);
}
