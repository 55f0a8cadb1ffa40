import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Db as BossDb } from 'pg-boss';
import { startSmtpSink } from '../../src/mail/smtp-sink';
import { sweep } from '../../src/services/sequences/recovery';
import { spawnEntry } from '../helpers/processes';
import { type Bench, type BenchEnv, type Figure, openBenchDeps } from './harness';
import { backgroundKind, copyEnrollments, dueNowKind, lostKind, seedScaleSequence } from './scale-seed';

const SCALE = Number(process.env.BENCH_SCALE_ENROLLMENTS ?? 1_000_000);
const DUE = Number(process.env.BENCH_SCALE_DUE ?? 10_000);
const LOST = 200;
const CONCURRENCY = 8;
const KEY = Buffer.alloc(32, 3).toString('base64');

type Opened = Awaited<ReturnType<typeof openBenchDeps>>;
type StepRun = { perSecond: number; rssMb: number };

/**
 * A million enrollments (85% active with a step due within 30 days, each with its pg-boss job; 15%
 * completed with their sends) seeded with COPY, plus 10,000 due now. Measures pg-boss's fetch of
 * due email steps, the recovery sweep, and a worker process running the 10,000 due steps (its RSS
 * and steps/s) beside the same 10,000 on an otherwise empty database in the same run.
 */
export const bench: Bench = {
  name: 'scale',
  run: async (env) => {
    const sink = await startSmtpSink({ limit: 2 * DUE + 10 * LOST });
    try {
      env.log(`baseline: ${DUE} due steps on an empty database`);
      const small = await openBenchDeps(env.url, 'bench_scale_small', { url: sink.url });
      const smallSeq = await seedScaleSequence(small.handle.db, new Date());
      await copyEnrollments(small.url, smallSeq, {
        count: DUE,
        offset: 0,
        now: new Date(),
        kindOf: dueNowKind(new Date()),
      });
      const baseline = await runSteps(env, small.url, sink, DUE);
      await small.boss.stop({ graceful: true, close: true });
      small.deps.mailer.close();
      await small.handle.close();

      env.log(`seeding ${SCALE} enrollments with COPY`);
      const large = await openBenchDeps(env.url, 'bench_scale_large', { url: sink.url });
      const seq = await seedScaleSequence(large.handle.db, new Date());
      const seedStart = performance.now();
      const now = new Date();
      await copyEnrollments(large.url, seq, { count: SCALE, offset: DUE, now, kindOf: backgroundKind(now) });
      await copyEnrollments(large.url, seq, {
        count: DUE,
        offset: 0,
        now: new Date(),
        kindOf: dueNowKind(new Date()),
      });
      await large.handle.pool.query('vacuum (analyze) contacts, enrollments, sends, pgboss.job');
      const seedSeconds = (performance.now() - seedStart) / 1000;
      env.log(`seeded in ${seedSeconds.toFixed(1)} s: ${await sizes(large.handle.pool)}`);

      const dueQueryMs = await measureFetch(env, large);
      const atScale = await runSteps(env, large.url, sink, DUE);

      env.log(`sweep: ${LOST} lost steps and ${LOST / 2} lost resumes among ${SCALE}`);
      await copyEnrollments(large.url, seq, {
        count: LOST * 1.5,
        offset: DUE + SCALE,
        now: new Date(),
        kindOf: lostKind(new Date(), LOST),
      });
      await large.handle.pool.query('analyze enrollments');
      const sweepStart = performance.now();
      const report = await sweep(large.deps);
      const sweepMs = performance.now() - sweepStart;
      const idleStart = performance.now();
      const idle = await sweep(large.deps);
      const idleMs = performance.now() - idleStart;
      env.log(`sweep report ${JSON.stringify(report)}; second pass ${JSON.stringify(idle)}`);
      await large.boss.stop({ graceful: true, close: true });
      large.deps.mailer.close();
      await large.handle.close();

      const figures: Figure[] = [
        { name: 'scale_enrollments', value: SCALE + DUE, unit: 'rows' },
        { name: 'seed_s', value: seedSeconds, unit: 's' },
        { name: 'due_query_ms', value: dueQueryMs, unit: 'ms' },
        { name: 'recovery_sweep_ms', value: sweepMs, unit: 'ms' },
        { name: 'recovery_sweep_idle_ms', value: idleMs, unit: 'ms' },
        { name: 'worker_rss_mb', value: atScale.rssMb, unit: 'MB' },
        { name: 'worker_rss_mb_10k', value: baseline.rssMb, unit: 'MB' },
        { name: 'steps_per_s_1m', value: atScale.perSecond, unit: '1/s' },
        { name: 'steps_per_s_10k', value: baseline.perSecond, unit: '1/s' },
        { name: 'steps_1m_vs_10k', value: atScale.perSecond / baseline.perSecond, unit: 'ratio' },
      ];
      return figures;
    } finally {
      await sink.stop();
    }
  },
};

/**
 * pg-boss's own fetch of due email-step jobs (a batch, as a worker asks), in a transaction rolled
 * back so the jobs stay due; the median of 5. The plan of one fetch goes to the log.
 */
async function measureFetch(env: BenchEnv, opened: Opened): Promise<number> {
  const client = await opened.handle.pool.connect();
  try {
    const times: number[] = [];
    let plan = '';
    const db = (explain: boolean): BossDb => ({
      executeSql: async (text, values) => {
        if (!explain) return client.query(text, values as unknown[]);
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${text}`,
          values as unknown[],
        );
        plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        return { rows: [] };
      },
    });
    for (let i = 0; i < 6; i++) {
      await client.query('begin');
      const started = performance.now();
      const jobs = await opened.boss.fetch('sequence.runEmail', { batchSize: CONCURRENCY, db: db(i === 5) });
      if (i < 5) times.push(performance.now() - started);
      if (i < 5 && jobs.length !== CONCURRENCY) throw new Error(`fetch returned ${jobs.length} jobs`);
      await client.query('rollback');
    }
    env.log(`pg-boss fetch plan:\n${plan}`);
    return times.sort((a, b) => a - b)[2] ?? Number.NaN;
  } finally {
    client.release();
  }
}

/** A worker process (`--role=worker`) runs the due steps; steps/s from its first mail to the last, and its peak RSS. */
async function runSteps(
  env: BenchEnv,
  url: string,
  sink: Awaited<ReturnType<typeof startSmtpSink>>,
  count: number,
): Promise<StepRun> {
  const before = sink.messages.length;
  const worker = spawnEntry('src/entry/node.ts', ['--role=worker'], {
    DATABASE_URL: url,
    SMTP_URL: sink.url,
    ENCRYPTION_KEY: KEY,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    INBOUND_SMTP_PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const pid = worker.child.pid;
  if (!pid) throw new Error('worker did not start');
  let exited = false;
  void worker.exited.then(() => {
    exited = true;
  });
  let first = 0;
  let peakKb = 0;
  const deadline = performance.now() + 10 * 60_000;
  while (sink.messages.length - before < count) {
    if (exited) throw new Error(`worker exited:\n${worker.output()}`);
    if (performance.now() > deadline)
      throw new Error(`${sink.messages.length - before} of ${count} steps ran`);
    if (!first && sink.messages.length > before) first = performance.now();
    peakKb = Math.max(peakKb, rssKb(pid));
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - (first || performance.now())) / 1000;
  peakKb = Math.max(peakKb, rssKb(pid));
  worker.child.kill('SIGTERM');
  await worker.exited;
  const run = { perSecond: (count - 1) / seconds, rssMb: peakKb / 1024 };
  env.log(`${count} steps: ${run.perSecond.toFixed(0)}/s, worker peak RSS ${run.rssMb.toFixed(0)} MB`);
  return run;
}

function rssKb(pid: number): number {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function sizes(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ t: string; n: string; size: string }>(
    `select t, (select reltuples::bigint from pg_class where oid = t::regclass)::text as n,
            pg_size_pretty(pg_total_relation_size(t::regclass)) as size
       from unnest(array['contacts', 'enrollments', 'sends', 'pgboss.job_common']) t`,
  );
  return rows.map((r) => `${r.t} ${r.n} rows ${r.size}`).join(', ');
}
