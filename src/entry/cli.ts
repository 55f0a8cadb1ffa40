import { loadConfigOrExit } from '../config';
import { runMigrations } from '../db/migrate';
import { createLogger } from '../lib/logger';
import {
  describePreviewError,
  formatPreview,
  parsePreviewArgs,
  previewUsage,
} from '../services/cadence/preview-cli';

const usage = `Usage: npm run cli -- <command>

Commands:
  migrate        apply the committed migrations (also: npm run db:migrate)
  preview        when each step of a sequence would go out for a contact or a zone, and why
                 --sequence seq_... (--contact con_... | --zone Europe/Berlin) [--start ISO]`;

const [command, ...rest] = process.argv.slice(2);
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);

/** Exit codes: 0 done, 1 failed, 2 bad arguments (including an unknown sequence or contact). */
async function preview(argv: string[]): Promise<number> {
  const args = parsePreviewArgs(argv);
  if (!args.ok) {
    process.stderr.write(`${args.error}\n\n${previewUsage}\n`);
    return 2;
  }
  // Loaded only now, so a bad argument is reported without loading the database stack.
  const { createDb } = await import('../db/client');
  const { findSequenceInstallation, previewForSequence } = await import('../services/cadence/preview');
  const { openDatabase } = await import('./runtime');
  const { url, embedded } = await openDatabase(config, logger);
  const handle = createDb(url, { max: 2 });
  try {
    const installationId = await findSequenceInstallation(handle.db, args.value.sequenceId);
    if (!installationId) {
      process.stderr.write(`No sequence ${args.value.sequenceId}\n`);
      return 2;
    }
    const result = await previewForSequence(handle.db, {
      installationId,
      sequenceId: args.value.sequenceId,
      target: args.value.target,
      start: args.value.start ?? new Date(),
    });
    if (!result.ok) {
      process.stderr.write(`${describePreviewError(result.error, args.value)}\n`);
      return 2;
    }
    process.stdout.write(`${formatPreview(result.value)}\n`);
    return 0;
  } catch (error) {
    const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
    const code = e.cause?.code ?? e.code;
    process.stderr.write(
      code === '42P01'
        ? 'The database has no tables yet: run `npm run db:migrate` first\n'
        : `Preview failed: ${e.cause?.message ?? e.message}\n`,
    );
    return 1;
  } finally {
    await handle.close();
    await embedded?.stop();
  }
}

async function main(): Promise<number> {
  switch (command) {
    case 'migrate': {
      const { openDatabase } = await import('./runtime');
      const { url, embedded } = await openDatabase(config, logger);
      try {
        await runMigrations(url);
        process.stdout.write('migrations applied\n');
      } finally {
        await embedded?.stop();
      }
      return 0;
    }
    case 'preview':
      return preview(rest);
    default:
      process.stderr.write(`${command ? `Unknown command: ${command}\n\n` : ''}${usage}\n`);
      return command ? 2 : 0;
  }
}

process.exit(await main());
