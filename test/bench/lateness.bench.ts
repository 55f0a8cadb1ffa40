import { type Bench, envNumber } from './harness';
import { runLateness } from './lateness-run';

/**
 * 10,000 one-step enrollments due at the same instant, inside a window that stays open for
 * hours: how late the mail reaches the SMTP server (p50, p99), and that none leaves outside it.
 */
export const bench: Bench = {
  name: 'lateness',
  run: (env) =>
    runLateness(env, {
      prefix: '',
      database: 'bench_lateness',
      enrollments: envNumber('BENCH_LATENESS_ENROLLMENTS', 10_000),
      closeAfterSeconds: null,
    }),
};
