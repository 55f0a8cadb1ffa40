import { loadConfigOrExit } from '../config';
import { runMigrations } from '../db/migrate';
import { createLogger } from '../lib/logger';
import { openDatabase } from './runtime';

const usage = `Usage: npm run cli -- <command>

Commands:
  migrate        apply the committed migrations (also: npm run db:migrate)`;

const [command] = process.argv.slice(2);
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);

async function main(): Promise<number> {
  switch (command) {
    case 'migrate': {
      const { url, embedded } = await openDatabase(config, logger);
      try {
        await runMigrations(url);
        process.stdout.write('migrations applied\n');
      } finally {
        await embedded?.stop();
      }
      return 0;
    }
    default:
      process.stderr.write(`${command ? `Unknown command: ${command}\n\n` : ''}${usage}\n`);
      return command ? 2 : 0;
  }
}

process.exit(await main());
