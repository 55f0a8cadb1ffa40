import pg from 'pg';
import { type SmtpSink, startSmtpSink } from '../../src/mail/smtp-sink';
import { type Spawned, spawnEntry, waitForOutput } from '../helpers/processes';
import {
  BENCH_KEY,
  type Bench,
  type BenchEnv,
  copyDatabase,
  dropDatabase,
  envNumber,
  type Figure,
  openBenchDeps,
  sendRowDuplicates,
  sinkDuplicates,
  waitUntil,
} from './harness';
import { ALL_DAY, enrollAll, seedContacts, seedOneStepSequence } from './seed';

const ENROLLMENTS = envNumber('BENCH_WORKER_ENROLLMENTS', 5000);
const WORKERS = [1, 2, 4];

/**
 * 1, 2 and 4 worker processes (`src/entry/node.ts --role=worker`, as deployed) on one Postgres,
 * each count on a fresh database with the same N one-step enrollments: steps/s once every
 * process is up, and duplicates (mail received twice for one recipient and step, send rows
 * beyond one per enrollment and step), which must be 0.
 */
export const bench: Bench = {
  name: 'workers',
  run: async (env) => {
    const sink = await startSmtpSink({ limit: 2 * ENROLLMENTS + 10 });
    try {
      await seedTemplate(env, sink.url);
      const figures: Figure[] = [];
      for (const count of WORKERS) {
        sink.messages.splice(0);
        figures.push(...(await runWorkers(env, count, sink)));
      }
      await dropDatabase(env.url, TEMPLATE);
      return figures;
    } finally {
      await sink.stop();
    }
  },
};

const TEMPLATE = 'bench_workers_seed';

/** Enrolls once; each worker count then starts from a copy of this database (its jobs included). */
async function seedTemplate(env: BenchEnv, smtpUrl: string): Promise<void> {
  const { handle, boss, deps } = await openBenchDeps(env.url, TEMPLATE, { url: smtpUrl });
  const sequence = await seedOneStepSequence(handle.db, { cadence: ALL_DAY, now: new Date() });
  const contactIds = await seedContacts(handle.db, sequence.installationId, ENROLLMENTS);
  env.log(`enrolling ${ENROLLMENTS}`);
  await enrollAll(deps, sequence, contactIds, envNumber('BENCH_ENROLL_CONCURRENCY', 8));
  // The bench's own pg-boss only enqueued; the worker processes do the rest.
  await boss.stop({ graceful: true, close: true });
  deps.mailer.close();
  await handle.close();
}

async function runWorkers(env: BenchEnv, count: number, sink: SmtpSink): Promise<Figure[]> {
  const url = await copyDatabase(env.url, TEMPLATE, `bench_workers_${count}`);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const workers: Spawned[] = Array.from({ length: count }, () =>
    spawnEntry('src/entry/node.ts', ['--role=worker'], {
      DATABASE_URL: url,
      SMTP_URL: sink.url,
      ENCRYPTION_KEY: BENCH_KEY,
      WORKER_CONCURRENCY: String(envNumber('BENCH_WORKER_CONCURRENCY', 8)),
      INBOUND_SMTP_PORT: '0',
      SMTP_CONNECTIONS: String(envNumber('BENCH_SMTP', 40)),
      // 'tandem started', the line that says a process is up, is logged at info.
      LOG_LEVEL: 'info',
    }),
  );
  try {
    await Promise.all(workers.map((w) => waitForOutput(w, /tandem started/, 120_000)));
    // Steady state: from the moment the last process is up, counting only mail after it.
    const readyAt = Date.now();
    env.log(`${count}w: all up, ${sink.messages.length} already sent`);
    await waitUntil(`${ENROLLMENTS} messages at the sink`, () => sink.messages.length >= ENROLLMENTS);
    const lastAt = Math.max(...sink.messages.map((m) => m.receivedAt.getTime()));
    // A late duplicate (a job run twice) would arrive after the last first copy: give it a moment.
    await new Promise((r) => setTimeout(r, 2000));
    const after = sink.messages.filter((m) => m.receivedAt.getTime() >= readyAt).length;
    return [
      { name: `steps_per_s_${count}w`, value: (after * 1000) / Math.max(1, lastAt - readyAt), unit: '1/s' },
      { name: `duplicates_${count}w`, value: sinkDuplicates(sink.messages), unit: 'count' },
      { name: `duplicate_send_rows_${count}w`, value: await sendRowDuplicates(pool), unit: 'count' },
    ];
  } finally {
    await stopAll(workers);
    await pool.end();
    await dropDatabase(env.url, `bench_workers_${count}`);
  }
}

/** SIGTERM (a graceful drain), then SIGKILL whatever has not exited after 30 s. */
async function stopAll(workers: Spawned[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      if (w.child.exitCode !== null) return;
      w.child.kill('SIGTERM');
      const timer = setTimeout(() => w.child.kill('SIGKILL'), 30_000);
      await w.exited;
      clearTimeout(timer);
    }),
  );
}
