import { createDb, type DbHandle } from '../../src/db/client';
import { contacts } from '../../src/db/schema';
import { newId } from '../../src/lib/ids';
import { silentLogger } from '../../src/lib/logger';
import type { AppDeps } from '../../src/services/deps';
import { type EngagementType, recordEngagement } from '../../src/services/engagement/events';
import { createInstallation } from '../../src/services/installations';
import { createModel } from '../../src/services/scoring/models';
import { publishModel } from '../../src/services/scoring/publish';
import { createHandlers } from '../../src/worker/handlers';
import { startWorkers } from '../../src/worker/start';
import { type Bench, type Figure, openBenchDeps } from './harness';
import { type Offered, percentile, startOpenLoop } from './scoring-open-loop';
import { firstScoredAt, logScoreWrites, unscoredContacts } from './scoring-score-log';

const EVENTS = Number(process.env.BENCH_SCORING_EVENTS ?? 3_000);
const CONTACTS = Number(process.env.BENCH_SCORING_CONTACTS ?? 1_000);
/** Paced phase: events per second, and for how long. */
const PACED_RATE = Number(process.env.BENCH_SCORING_RATE ?? 100);
const PACED_SECONDS = Number(process.env.BENCH_SCORING_SECONDS ?? 10);
const PRODUCERS = Number(process.env.BENCH_SCORING_PRODUCERS ?? 8);
/** Open-loop phase: offered rate, for how long, over how many contacts, and how long to wait after. */
const OPEN_RATE = Number(process.env.BENCH_SCORING_OPEN_RATE ?? 1_000);
const OPEN_SECONDS = Number(process.env.BENCH_SCORING_OPEN_SECONDS ?? 20);
const OPEN_CONTACTS = Number(process.env.BENCH_SCORING_OPEN_CONTACTS ?? 5_000);
const DRAIN_SECONDS = Number(process.env.BENCH_SCORING_DRAIN_SECONDS ?? 20);
/** Inserting connections of the open-loop phase: a web process' pool (src/entry/runtime.ts). */
const OPEN_SENDERS = 20;
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
 * from an event's commit to the first stored score that includes it, at a steady PACED_RATE (closed
 * loop: producers wait for their inserts). (c) Open loop: OPEN_RATE events/s offered for
 * OPEN_SECONDS over OPEN_CONTACTS, on a schedule that does not wait for the system; p50/p95/p99
 * from each event's commit (and from its offer) to the first score that includes it, and the events
 * no score includes DRAIN_SECONDS after the offer ends (`scoring_backlog`).
 * Knobs: BENCH_SCORING_EVENTS, _CONTACTS, _RATE, _SECONDS, _PRODUCERS, _OPEN_RATE, _OPEN_SECONDS,
 * _OPEN_CONTACTS, _DRAIN_SECONDS.
 */
export const bench: Bench = {
  name: 'scoring',
  run: async (env) => {
    // Scoring sends no mail; the mailer points nowhere.
    const { url, handle, boss, deps } = await openBenchDeps(env.url, 'bench_scoring', {
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

    const pacedCount = PACED_RATE * PACED_SECONDS;
    const contactIds = await makeContacts(handle, installation.id, CONTACTS + pacedCount + OPEN_CONTACTS);
    const burstContacts = contactIds.slice(0, CONTACTS);
    const pacedContacts = contactIds.slice(CONTACTS, CONTACTS + pacedCount);
    const openContacts = contactIds.slice(CONTACTS + pacedCount);
    await startWorkers(boss, createHandlers(deps), { concurrency: CONCURRENCY, logger: silentLogger });

    env.log(`burst: ${EVENTS} events over ${CONTACTS} contacts`);
    const started = performance.now();
    const burst = await produce(deps, installation.id, burstContacts, EVENTS, null);
    const insertSeconds = (performance.now() - started) / 1000;
    await untilScored(handle, burst);
    const burstSeconds = (performance.now() - started) / 1000;
    const burstLatency = await latencies(handle, burst);
    const writes = await handle.pool.query<{ n: number }>('select count(*)::int as n from bench_score_log');
    env.log(
      `burst: inserted at ${Math.round(EVENTS / insertSeconds)}/s; ${writes.rows[0]?.n} score writes for ${EVENTS} events (as many as events: the workers kept up with the inserts; fewer: queued events shared a recompute)`,
    );

    env.log(`paced: ${PACED_RATE}/s for ${PACED_SECONDS}s`);
    const paced = await produce(deps, installation.id, pacedContacts, pacedCount, PACED_RATE);
    await untilScored(handle, paced);
    const pacedLatency = await latencies(handle, paced);
    env.log(
      `burst p95 ${Math.round(p95(burstLatency))} ms (queueing included), paced p50 ${Math.round(percentile(pacedLatency, 0.5))} ms`,
    );

    env.log(`open loop: ${OPEN_RATE}/s offered for ${OPEN_SECONDS}s over ${OPEN_CONTACTS} contacts`);
    const open = await openLoop(env.log, url, deps, installation.id, openContacts);

    await boss.stop({ graceful: true, close: true });
    deps.mailer.close();
    await handle.close();
    const figures: Figure[] = [
      { name: 'scoring_events_per_s', value: EVENTS / burstSeconds, unit: '1/s' },
      { name: 'scoring_p95_latency_ms', value: p95(pacedLatency), unit: 'ms' },
      { name: 'scoring_burst_p95_latency_ms', value: p95(burstLatency), unit: 'ms' },
      ...open,
    ];
    return figures;
  },
};

/**
 * The open-loop phase. Its inserts go through a pool of their own (a web process' pool), so the
 * queue they build up is not the workers' pool queue.
 */
async function openLoop(
  log: (line: string) => void,
  url: string,
  deps: AppDeps,
  installationId: string,
  contactIds: string[],
): Promise<Figure[]> {
  const producer = createDb(url, { max: OPEN_SENDERS });
  const web: AppDeps = { ...deps, db: producer.db };
  const at = (e: Offered) => new Date(e.offeredAt);
  const loop = startOpenLoop({
    rate: OPEN_RATE,
    seconds: OPEN_SECONDS,
    senders: OPEN_SENDERS,
    // Round robin: one contact's events are contactIds.length / OPEN_RATE seconds apart.
    contactOf: (i) => contactIds[i % contactIds.length] ?? '',
    insert: async (e) => {
      const type = types[e.index % types.length] ?? 'clicked';
      await web.db.transaction((tx) =>
        recordEngagement(web, tx, {
          installationId,
          contactId: e.contactId,
          type,
          dedupeKey: `bench:open:${e.index}`,
          occurredAt: at(e),
          ...(type === 'visited' ? { url: 'https://acme.test/pricing' } : {}),
        }),
      );
    },
  });
  const start = loop.events[0]?.offeredAt ?? Date.now();
  await loop.offered;
  const offerSeconds = (Date.now() - start) / 1000;
  log(
    `open loop: offered ${loop.events.length} in ${offerSeconds.toFixed(1)}s, ${loop.pending()} not inserted yet`,
  );
  const drainUntil = Date.now() + DRAIN_SECONDS * 1000;
  for (;;) {
    const inserted = loop.events.filter((e) => e.committedAt !== null);
    const waiting =
      loop.pending() +
      (await unscoredContacts(
        producer,
        inserted.map((e) => ({ contactId: e.contactId, at: at(e) })),
      ));
    if (waiting === 0 || Date.now() >= drainUntil) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const end = new Date();
  await loop.stop();
  const inserted = loop.events.filter((e) => e.committedAt !== null && e.committedAt <= end.getTime());
  const scored = await firstScoredAt(
    producer,
    inserted.map((e) => ({ contactId: e.contactId, at: at(e) })),
    end,
  );
  await producer.close();
  const fromCommit: number[] = [];
  const fromOffer: number[] = [];
  const insertLag: number[] = [];
  let scoredCount = 0;
  for (const [i, e] of inserted.entries()) {
    const t = scored[i]?.getTime() ?? null;
    if (t !== null) scoredCount += 1;
    // Not scored by the end: counted at the end, so these percentiles are then lower bounds.
    const done = t ?? end.getTime();
    fromCommit.push(Math.max(0, done - (e.committedAt ?? 0)));
    fromOffer.push(Math.max(0, done - e.offeredAt));
    insertLag.push((e.committedAt ?? 0) - e.offeredAt);
  }
  for (const e of loop.events)
    if (e.committedAt === null || e.committedAt > end.getTime()) fromOffer.push(end.getTime() - e.offeredAt);
  const backlog = loop.events.length - scoredCount;
  log(
    `open loop: ${inserted.length} inserted (insert lag p95 ${Math.round(percentile(insertLag, 0.95))} ms), ${scoredCount} scored, ${backlog} not scored ${DRAIN_SECONDS}s after the offer${backlog > 0 ? ' (latency percentiles are lower bounds)' : ''}; ${orderBreaks(inserted)} out-of-order commits`,
  );
  return [
    { name: 'scoring_offered_per_s', value: loop.events.length / offerSeconds, unit: '1/s' },
    { name: 'scoring_open_scored_per_s', value: scoredCount / ((end.getTime() - start) / 1000), unit: '1/s' },
    { name: 'scoring_event_to_score_p50_ms', value: percentile(fromCommit, 0.5), unit: 'ms' },
    { name: 'scoring_event_to_score_p95_ms', value: percentile(fromCommit, 0.95), unit: 'ms' },
    { name: 'scoring_event_to_score_p99_ms', value: percentile(fromCommit, 0.99), unit: 'ms' },
    { name: 'scoring_offer_to_score_p95_ms', value: percentile(fromOffer, 0.95), unit: 'ms' },
    { name: 'scoring_backlog', value: backlog, unit: 'events' },
  ];
}

/**
 * Inclusion is read from `lastEventAt`, which is only proof when one contact's events commit in the
 * order of their times; this counts the events that committed before an earlier one of their contact.
 */
function orderBreaks(events: Offered[]): number {
  const last = new Map<string, number>();
  let breaks = 0;
  for (const e of [...events].sort((a, b) => a.offeredAt - b.offeredAt)) {
    const previous = last.get(e.contactId) ?? 0;
    if ((e.committedAt ?? 0) < previous) breaks += 1;
    last.set(e.contactId, Math.max(previous, e.committedAt ?? 0));
  }
  return breaks;
}

/** The contacts in bulk (their properties as the model's property rule reads them). */
async function makeContacts(handle: DbHandle, installationId: string, n: number): Promise<string[]> {
  const now = new Date();
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId('con'),
    installationId,
    email: `s${i}@example.com`,
    properties: { companySize: i % 3 === 0 ? 500 : 20 },
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 1000)
    await handle.db.insert(contacts).values(rows.slice(i, i + 1000));
  return rows.map((r) => r.id);
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
  const events = sent.map((s) => ({ contactId: s.contactId, at: s.occurredAt }));
  while ((await unscoredContacts(handle, events)) > 0) await new Promise((r) => setTimeout(r, 20));
}

/** Per event: the first stored score that includes it, minus the event's commit time. */
async function latencies(handle: DbHandle, sent: Sent[]): Promise<number[]> {
  const scored = await firstScoredAt(
    handle,
    sent.map((s) => ({ contactId: s.contactId, at: s.occurredAt })),
  );
  return scored.map((t, i) => Math.max(0, (t?.getTime() ?? Number.NaN) - (sent[i]?.committedAt ?? 0)));
}

function p95(values: number[]): number {
  return percentile(values, 0.95);
}
