import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config';
import { createLogger } from '../lib/logger';
import { type Role, startRuntime } from './runtime';

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

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);

try {
  const runtime = await startRuntime(config, { role, logger });
  logger.info('tandem started', { role, database: config.DATABASE_URL ? 'external' : 'embedded' });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${message.startsWith('Invalid configuration') ? message : `Failed to start: ${message}`}\n`,
  );
  process.exit(1);
}
