import { silentLogger } from '../../src/lib/logger';
import { createHandlers } from '../../src/worker/handlers';
import { startWorkers } from '../../src/worker/start';
import { type Bench, envNumber, type Figure, measureRate, openBenchDeps, waitUntil } from './harness';
import { measurePgbench } from './pgbench';
import { ALL_DAY, enrollAll, seedContacts, seedOneStepSequence } from './seed';
import { startSinkProcess } from './sink-process';

const ENROLLMENTS = envNumber('BENCH_ENROLLMENTS', 10_000);
const CONCURRENCY = 8;

/**
 * End to end through the real engine: enroll -> step due -> SMTP accepted by a local server, for
 * 10,000 one-step enrollments, against two baselines on the same server in the same run:
 * `pgbench -N -c 4` (the figure issue 15 compares with) and a single-row UPDATE rate.
 */
export const bench: Bench = {
  name: 'steps',
  run: async (env) => {
    // The relay runs in its own process, as a real one does elsewhere: its parsing is not our CPU.
    const sink = await startSinkProcess();
    const { url, handle, boss, deps } = await openBenchDeps(env.url, 'bench_steps', {
      url: sink.url,
      connections: envNumber('BENCH_SMTP', 40),
    });
    const sequence = await seedOneStepSequence(handle.db, { cadence: ALL_DAY, now: new Date() });
    const contactIds = await seedContacts(handle.db, sequence.installationId, ENROLLMENTS);

    env.log(`enrolling ${ENROLLMENTS}`);
    const enrollStart = performance.now();
    const enrollSeconds = await enrollAll(deps, sequence, contactIds, CONCURRENCY);

    env.log('running steps');
    const stepStart = performance.now();
    await startWorkers(boss, createHandlers(deps), { concurrency: CONCURRENCY, logger: silentLogger });
    await waitUntil(`${ENROLLMENTS} messages at the sink`, () => sink.received() >= ENROLLMENTS);
    const stepSeconds = (performance.now() - stepStart) / 1000;
    const total = (performance.now() - enrollStart) / 1000;
    await boss.stop({ graceful: true, close: true });
    deps.mailer.close();
    await sink.stop();

    env.log('baseline: single-row updates');
    await handle.pool.query('create table bench_counter (id int primary key, n bigint not null)');
    await handle.pool.query(
      `insert into bench_counter select g, 0 from generate_series(0, ${CONCURRENCY - 1}) g`,
    );
    const pgTps = await measureRate(url, CONCURRENCY, 5, async (c, worker) => {
      await c.query('update bench_counter set n = n + 1 where id = $1', [worker]);
    });
    await handle.close();

    env.log('baseline: pgbench');
    const pgbenchTps = await measurePgbench(
      env.url,
      {
        seconds: envNumber('BENCH_PGBENCH_SECONDS', 20),
        clients: 4,
        scale: envNumber('BENCH_PGBENCH_SCALE', 10),
      },
      env.log,
    );

    const stepsPerSecond = ENROLLMENTS / stepSeconds;
    const figures: Figure[] = [
      { name: 'enroll_per_s', value: ENROLLMENTS / enrollSeconds, unit: '1/s' },
      { name: 'steps_per_s', value: stepsPerSecond, unit: '1/s' },
      { name: 'end_to_end_per_s', value: ENROLLMENTS / total, unit: '1/s' },
      { name: 'pg_update_tps', value: pgTps, unit: '1/s' },
      { name: 'steps_vs_pg', value: stepsPerSecond / pgTps, unit: 'ratio' },
    ];
    if (pgbenchTps !== null) {
      figures.push(
        { name: 'pgbench_tps', value: pgbenchTps, unit: '1/s' },
        { name: 'steps_vs_pgbench', value: stepsPerSecond / pgbenchTps, unit: 'ratio' },
      );
    }
    return figures;
  },
};
