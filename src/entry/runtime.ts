import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { serve } from '@hono/node-server';
import type { Config } from '../config';
import { createDb, type DbHandle } from '../db/client';
import { type EmbeddedDb, startEmbeddedPostgres } from '../db/embedded';
import { runMigrations } from '../db/migrate';
import { createApp } from '../http/create-app';
import { type Boss, startBoss } from '../jobs/boss';
import { type Clock, systemClock } from '../lib/clock';
import { createLogger, type Logger } from '../lib/logger';
import { type InboundSmtp, startInboundSmtp } from '../mail/inbound-smtp';
import { type SmtpSink, startSmtpSink } from '../mail/smtp-sink';
import { createSmtpMailer } from '../mail/transport';
import type { AppDeps } from '../services/deps';
import { receiveSmtpMessage } from '../services/engagement/inbound-receive';
import { createHandlers } from '../worker/handlers';
import { startWorkers } from '../worker/start';

export type Role = 'web' | 'worker' | 'all';

export type Runtime = {
  deps: AppDeps;
  url: string;
  port: number | null;
  stop: () => Promise<void>;
};

/** Resolves the database: the configured URL, or the embedded Postgres under DATA_DIR. */
export async function openDatabase(
  config: Config,
  logger: Logger,
): Promise<{ url: string; embedded: EmbeddedDb | null }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    log: (line) => logger.warn(line),
  });
  logger.info(embedded.joined ? 'embedded postgres joined (already running)' : 'embedded postgres started', {
    dataDir: path.resolve(config.DATA_DIR),
    ms: Date.now() - started,
  });
  return { url: embedded.url, embedded };
}

/** Development convenience: without ENCRYPTION_KEY, a key is generated once and kept in DATA_DIR. */
async function resolveEncryptionKey(config: Config): Promise<string> {
  if (config.ENCRYPTION_KEY) return config.ENCRYPTION_KEY;
  if (config.NODE_ENV === 'production') {
    throw new Error('Invalid configuration: ENCRYPTION_KEY is required in production');
  }
  const file = path.resolve(config.DATA_DIR, 'encryption.key');
  try {
    await mkdir(path.dirname(file), { recursive: true });
    if (!existsSync(file)) {
      const key = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
      writeFileSync(file, key, { mode: 0o600 });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(
      `DATA_DIR ${path.dirname(file)} is not writable (${code}): choose a writable DATA_DIR, or set ENCRYPTION_KEY and DATABASE_URL`,
    );
  }
  return readFileSync(file, 'utf8').trim();
}

export async function startRuntime(
  config: Config,
  options: {
    role?: Role;
    clock?: Clock;
    logger?: Logger;
    listen?: boolean;
    onReady?: (deps: AppDeps) => Promise<void>;
  } = {},
): Promise<Runtime> {
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const encryptionKey = await resolveEncryptionKey(config);
  const { url, embedded } = await openDatabase(config, logger);
  const stops: Array<() => Promise<void>> = [];
  if (embedded) stops.push(embedded.stop);
  let handle: DbHandle | null = null;
  let boss: Boss | null = null;
  try {
    await runMigrations(url);
    handle = createDb(url, { max: 20 });
    const dbHandle = handle;
    stops.unshift(() => dbHandle.close());
    boss = await startBoss(url, {
      onError: (e) => logger.error('pg-boss error', { error: String(e) }),
      superviseIntervalSeconds: config.JOB_SUPERVISE_SECONDS,
    });
    const bossRef = boss;
    // Graceful: waits for running jobs to finish before the pool closes.
    stops.unshift(() => bossRef.stop({ graceful: true, timeout: 20_000 }));
    let sink: SmtpSink | null = null;
    if (!config.SMTP_URL && role !== 'web') {
      sink = await startLocalSink(config.SMTP_SINK_PORT, logger);
      const sinkRef = sink;
      stops.push(() => sinkRef.stop());
    }
    const mailer = createSmtpMailer(
      config.SMTP_URL ?? sink?.url ?? `smtp://127.0.0.1:${config.SMTP_SINK_PORT}`,
      config.SMTP_CONNECTIONS,
    );
    stops.push(async () => mailer.close());
    const deps: AppDeps = {
      config: { ...config, ENCRYPTION_KEY: encryptionKey },
      db: handle.db,
      boss,
      clock: options.clock ?? systemClock,
      logger,
      mailer,
      ...(sink ? { devMailbox: sink.messages } : {}),
    };
    if (options.onReady) await options.onReady(deps);
    if (role !== 'web') {
      await startWorkers(boss, createHandlers(deps), { concurrency: config.WORKER_CONCURRENCY, logger });
    }
    if (role !== 'web' && config.INBOUND_SMTP_PORT > 0) {
      const inbound = await startInboundListener(deps, config.INBOUND_SMTP_PORT, logger);
      stops.unshift(() => inbound.stop());
    }
    let port: number | null = null;
    if (role !== 'worker' && options.listen !== false) {
      const app = createApp(deps);
      // A busy port (a second `npm start`) is one line naming the fix, not an unhandled 'error' event.
      const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
        const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
        s.once('error', (e: NodeJS.ErrnoException) =>
          reject(
            new Error(
              e.code === 'EADDRINUSE'
                ? `PORT ${config.PORT} on ${config.HOST} is already in use (another tandem?): stop it or set PORT`
                : `cannot listen on ${config.HOST}:${config.PORT}: ${e.message}`,
            ),
          ),
        );
      });
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : config.PORT;
      stops.unshift(() => new Promise<void>((r) => server.close(() => r())));
      logger.info('http listening', { url: `http://${config.HOST}:${port}` });
    }
    let stopped = false;
    return {
      deps,
      url,
      port,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        for (const stop of stops)
          await stop().catch((e) => logger.warn('stop step failed', { error: String(e) }));
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    throw error;
  }
}

/** The embedded default delivers to a local SMTP sink; a busy port falls back to a free one. */
async function startLocalSink(port: number, logger: Logger): Promise<SmtpSink> {
  try {
    const sink = await startSmtpSink({ port, limit: 5000 });
    logger.info('local SMTP sink listening', { url: sink.url });
    return sink;
  } catch {
    const sink = await startSmtpSink({ port: 0, limit: 5000 });
    logger.warn('SMTP_SINK_PORT busy; local SMTP sink on another port', { url: sink.url });
    return sink;
  }
}

/** Inbound mail (replies, bounces) over SMTP for the embedded default; a busy port falls back to a free one. */
async function startInboundListener(deps: AppDeps, port: number, logger: Logger): Promise<InboundSmtp> {
  const onMessage = (raw: Buffer, envelope: { rcptTo: string[] }) => receiveSmtpMessage(deps, raw, envelope);
  try {
    const inbound = await startInboundSmtp({ port, onMessage });
    logger.info('inbound SMTP listening', { url: inbound.url });
    return inbound;
  } catch {
    const inbound = await startInboundSmtp({ port: 0, onMessage });
    logger.warn('INBOUND_SMTP_PORT busy; inbound SMTP on another port', { url: inbound.url });
    return inbound;
  }
}
