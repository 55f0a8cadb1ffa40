import { silentLogger } from '../../src/lib/logger';
import { startSmtpSink } from '../../src/mail/smtp-sink';
import { upsertContact } from '../../src/services/contacts';
import { createInstallation } from '../../src/services/installations';
import { enroll } from '../../src/services/sequences/enroll';
import { publishSequence } from '../../src/services/sequences/publish';
import { createSequence } from '../../src/services/sequences/sequences';
import { createTemplate } from '../../src/services/templates';
import { createHandlers } from '../../src/worker/handlers';
import { startWorkers } from '../../src/worker/start';
import { type Bench, type Figure, measureRate, openBenchDeps } from './harness';

const ENROLLMENTS = Number(process.env.BENCH_ENROLLMENTS ?? 10_000);
const CONCURRENCY = 8;

/**
 * End to end through the real engine: enroll -> step due -> SMTP accepted by a local server, for
 * 10,000 one-step enrollments, beside the same server's single-row UPDATE rate (the ceiling for
 * anything that writes state per step).
 */
export const bench: Bench = {
  name: 'steps',
  run: async (env) => {
    const sink = await startSmtpSink({ limit: ENROLLMENTS + 10 });
    const { url, handle, boss, deps } = await openBenchDeps(env.url, 'bench_steps', {
      url: sink.url,
      connections: Number(process.env.BENCH_SMTP ?? 5),
    });
    const now = new Date();
    const installation = await createInstallation(handle.db, {
      name: 'Bench',
      settings: { minSpacingHours: 0, cap: { count: 1000, days: 1 } },
    });
    const template = await createTemplate(
      handle.db,
      installation.id,
      {
        name: 't',
        subject: 'Hello {{contact.firstName | "there"}}',
        html: '<p>Hi {{contact.firstName | "there"}}</p>',
      },
      now,
    );
    const sequence = await createSequence(
      handle.db,
      installation.id,
      {
        name: 'Bench',
        draft: {
          cadence: { window: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' } },
          steps: [
            { key: 'only', kind: 'email', templateId: template.id, delay: { amount: 0, unit: 'minutes' } },
          ],
        },
      },
      now,
    );
    const published = await publishSequence(
      handle.db,
      { installationId: installation.id, sequenceId: sequence.id },
      now,
    );
    if (!published.ok) throw new Error(JSON.stringify(published.error));

    env.log(`enrolling ${ENROLLMENTS}`);
    const enrollStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ENROLLMENTS) {
          const i = next++;
          const contact = await upsertContact(
            handle.db,
            installation.id,
            { email: `b${i}@example.com`, firstName: `B${i}` },
            now,
          );
          await enroll(deps, {
            installationId: installation.id,
            contactId: contact.id,
            sequenceId: sequence.id,
            source: 'api',
            actor: 'bench',
          });
        }
      }),
    );
    const enrollSeconds = (performance.now() - enrollStart) / 1000;

    env.log('running steps');
    const stepStart = performance.now();
    await startWorkers(boss, createHandlers(deps), { concurrency: CONCURRENCY, logger: silentLogger });
    while (sink.messages.length < ENROLLMENTS) await new Promise((r) => setTimeout(r, 20));
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

    const stepsPerSecond = ENROLLMENTS / stepSeconds;
    const figures: Figure[] = [
      { name: 'enroll_per_s', value: ENROLLMENTS / enrollSeconds, unit: '1/s' },
      { name: 'steps_per_s', value: stepsPerSecond, unit: '1/s' },
      { name: 'end_to_end_per_s', value: ENROLLMENTS / total, unit: '1/s' },
      { name: 'pg_update_tps', value: pgTps, unit: '1/s' },
      { name: 'steps_vs_pg', value: stepsPerSecond / pgTps, unit: 'ratio' },
    ];
    return figures;
  },
};
