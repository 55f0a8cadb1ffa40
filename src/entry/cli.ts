import { loadConfigOrExit } from '../config';
import { runMigrations } from '../db/migrate';
import { createLogger } from '../lib/logger';
import {
  describePreviewError,
  formatPreview,
  parsePreviewArgs,
  previewUsage,
} from '../services/cadence/preview-cli';
import { isOperatorGroup, operatorUsage, parseOperatorArgs } from '../services/operator-cli';

const usage = `Usage: npm run cli -- <command> [--help]

Commands:
  migrate        apply the committed migrations (also: npm run db:migrate)
  preview        when each step of a sequence would go out for a contact or a zone, and why
                 --sequence seq_... (--contact con_... | --zone Europe/Berlin) [--start ISO]
${operatorUsage}`;

const [command, ...rest] = process.argv.slice(2);
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);

/** Exit codes: 0 done, 1 failed, 2 bad arguments (including an unknown sequence or contact). */
async function preview(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${previewUsage}\n`);
    return 0;
  }
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

/** One line for a database failure, never a stack trace. */
function describeDbError(error: unknown, what: string): string {
  const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  return code === '42P01' || code === '42703'
    ? 'The database is not migrated yet: run `npm run db:migrate` first'
    : `${what} failed: ${(e.cause?.message ?? e.message).split('\n')[0]}`;
}

/** Development convenience, as the server does: without ENCRYPTION_KEY, the key kept in DATA_DIR. */
async function encryptionKey(): Promise<string | undefined> {
  if (config.ENCRYPTION_KEY || config.NODE_ENV === 'production') return config.ENCRYPTION_KEY;
  const { existsSync, mkdirSync, readFileSync, writeFileSync } = await import('node:fs');
  const path = await import('node:path');
  const file = path.resolve(config.DATA_DIR, 'encryption.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64'), {
      mode: 0o600,
    });
  }
  return readFileSync(file, 'utf8').trim();
}

/** installation / key / suppression / sends / login-link: the operator's commands, across every installation. */
async function operator(group: string, argv: string[]): Promise<number> {
  const parsed = parseOperatorArgs(group, argv);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n`);
    return 2;
  }
  if (parsed.value.kind === 'help') {
    process.stdout.write(`${parsed.value.text}\n`);
    return 0;
  }
  const key = await encryptionKey();
  if (parsed.value.command === 'installation create' && !key) {
    process.stderr.write(
      'ENCRYPTION_KEY is required to create an installation (its inbound token is sealed)\n',
    );
    return 2;
  }
  const { createDb } = await import('../db/client');
  const { PgBoss } = await import('pg-boss');
  const { createSmtpMailer } = await import('../mail/transport');
  const { systemClock } = await import('../lib/clock');
  const { runOperatorCommand } = await import('../services/operator-cli');
  const { userInfo } = await import('node:os');
  const { openDatabase } = await import('./runtime');
  const { url, embedded } = await openDatabase(config, logger);
  const handle = createDb(url, { max: 2 });
  // These commands never enqueue or send: the job queue is never started, the mailer never connects.
  const mailer = createSmtpMailer(config.SMTP_URL ?? `smtp://127.0.0.1:${config.SMTP_SINK_PORT}`);
  const deps = {
    config: { ...config, ...(key ? { ENCRYPTION_KEY: key } : {}) },
    db: handle.db,
    boss: new PgBoss({ connectionString: url, schema: 'pgboss' }),
    clock: systemClock,
    logger,
    mailer,
  };
  try {
    const outcome = await runOperatorCommand(deps, parsed.value, userInfo().username);
    if (outcome.stdout) process.stdout.write(`${outcome.stdout}\n`);
    if (outcome.stderr) process.stderr.write(`${outcome.stderr}\n`);
    return outcome.code;
  } catch (error) {
    process.stderr.write(`${describeDbError(error, `${group} ${argv[0]}`)}\n`);
    return 1;
  } finally {
    mailer.close();
    await handle.close();
    await embedded?.stop();
  }
}

async function main(): Promise<number> {
  if (isOperatorGroup(command)) return operator(command!, rest);
  switch (command) {
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${usage}\n`);
      return 0;
    case 'migrate': {
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write('Usage: npm run cli -- migrate\n  Applies the committed migrations.\n');
        return 0;
      }
      if (rest.length > 0) {
        process.stderr.write(`Unexpected argument: ${rest[0]}\n`);
        return 2;
      }
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
      if (command) {
        process.stderr.write(`Unknown command: ${command} (try: npm run cli -- --help)\n`);
        return 2;
      }
      process.stdout.write(`${usage}\n`);
      return 0;
  }
}

// A database that cannot start (EmbeddedPostgresError) is one line naming the fix, never a stack trace.
process.exit(
  await main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }),
);
