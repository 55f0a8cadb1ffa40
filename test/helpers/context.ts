import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../../src/config';
import { createDb, type DbHandle } from '../../src/db/client';
import { createApp } from '../../src/http/create-app';
import { type Boss, startBoss } from '../../src/jobs/boss';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { type SmtpSink, startSmtpSink } from '../../src/mail/smtp-sink';
import { createSmtpMailer } from '../../src/mail/transport';
import type { AppDeps } from '../../src/services/deps';
import { createTestDatabase, truncateAll } from './database';

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export type TestContext = {
  url: string;
  handle: DbHandle;
  boss: Boss;
  clock: ReturnType<typeof fixedClock>;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  sink: SmtpSink;
};

/**
 * Per-file database + pg-boss, tables emptied before each test. The clock starts at a fixed Monday
 * so cadence is deterministic; tests move it explicitly.
 */
export function useTestContext(
  options: { start?: Date; env?: Record<string, string> | (() => Record<string, string>) } = {},
): TestContext {
  const ctx = {} as TestContext;
  let drop = async () => {};
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    ctx.url = database.url;
    ctx.handle = createDb(database.url, { max: 20 });
    ctx.boss = await startBoss(database.url);
    ctx.sink = await startSmtpSink();
    ctx.clock = fixedClock(options.start ?? new Date('2026-03-02T14:00:00Z'));
    const loaded = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: TEST_KEY,
      PUBLIC_BASE_URL: 'http://tandem.test',
      ...(typeof options.env === 'function' ? options.env() : options.env),
    });
    if (!loaded.ok) throw new Error(loaded.error);
    const mailer = createSmtpMailer(ctx.sink.url);
    ctx.deps = {
      mailer,
      config: loaded.config,
      db: ctx.handle.db,
      boss: ctx.boss,
      clock: ctx.clock,
      logger: silentLogger,
    };
    ctx.app = createApp(ctx.deps);
  });
  beforeEach(async () => {
    await truncateAll(ctx.handle.pool);
    ctx.sink.messages.length = 0;
    ctx.clock.set(options.start ?? new Date('2026-03-02T14:00:00Z'));
  });
  afterAll(async () => {
    await ctx.boss?.stop({ graceful: false, close: true });
    await ctx.handle?.close();
    ctx.deps?.mailer.close();
    await ctx.sink?.stop();
    await drop();
  });
  return ctx;
}
