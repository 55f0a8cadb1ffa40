import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../lib/logger';
import { seedDemo } from '../services/demo';
import { nodeVersionWarning } from './node-version';
import { type Role, type Runtime, startRuntime } from './runtime';

const tooOld = nodeVersionWarning(process.version);
if (tooOld) process.stderr.write(`${tooOld}\n`);

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'all' },
    demo: { type: 'boolean', default: false },
  },
  strict: true,
});

const role = values.role as Role;
if (!['web', 'worker', 'all'].includes(role)) {
  process.stderr.write(`Invalid --role=${values.role}: use web, worker or all\n`);
  process.exit(1);
}

// --demo is a local trial: its developer pages (the SMTP sink's mail, loopback and key only) come with it.
const config = { ...loadConfigOrExit(), ...(values.demo ? { DEV_PAGES: true } : {}) };
const logger = createLogger(config.LOG_LEVEL);

// Handlers go in before anything starts, so a signal during start-up still shuts down cleanly.
let starting: Promise<Runtime> | null = null;
let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  const began = Date.now();
  const runtime = await starting?.catch(() => null);
  // Order matters: HTTP closes, jobs drain, then the pool and (last) the embedded Postgres stop.
  await runtime?.stop();
  logger.info('stopped: jobs drained, database closed', { ms: Date.now() - began });
  process.exit(0);
};
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));

try {
  starting = startRuntime(config, {
    role,
    logger,
    onReady: async (deps) => {
      if (!values.demo) return;
      const demo = await seedDemo(deps);
      const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
      process.stdout.write(
        [
          '',
          demo.seeded
            ? 'Demo data seeded: 4 contacts enrolled in "Demo outreach".'
            : 'Demo data already present.',
          `API key (shown once): ${demo.apiKey}`,
          `Try: curl -H "Authorization: Bearer ${demo.apiKey}" ${base}/v1/sequences`,
          `Mail delivered to the local SMTP sink: ${base}/dev/mail?key=${demo.apiKey}`,
          '',
        ].join('\n'),
      );
    },
  });
  await starting;
  logger.info('tandem started', { role, database: config.DATABASE_URL ? 'external' : 'embedded' });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${message.startsWith('Invalid configuration') ? message : `Failed to start: ${message}`}\n`,
  );
  process.exit(1);
}
