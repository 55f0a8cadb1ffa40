import { type Bench, envNumber } from './harness';
import { runLateness } from './lateness-run';

/**
 * As `lateness`, but the window closes BENCH_LATENESS_CLOSE_S (default 20) seconds after the due
 * instant, a tail even for a runner that sends 10,000 in 10 s: what is not out by then must be
 * re-planned (reason `late`), never sent after the close. `window_outside_window_sends` must be 0.
 */
export const bench: Bench = {
  name: 'lateness_window',
  run: (env) =>
    runLateness(env, {
      prefix: 'window_',
      database: 'bench_lateness_window',
      enrollments: envNumber('BENCH_LATENESS_ENROLLMENTS', 10_000),
      closeAfterSeconds: envNumber('BENCH_LATENESS_CLOSE_S', 20),
    }),
};
