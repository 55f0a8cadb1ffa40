import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Boss } from '../jobs/boss';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { SinkMessage } from '../mail/smtp-sink';
import type { Mailer } from '../mail/transport';

/** What every request can reach through `c.var.deps`. */
export type AppDeps = {
  config: Config;
  db: Db;
  boss: Boss;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  /** The local SMTP sink's messages, when the embedded default runs one (developer page). */
  devMailbox?: SinkMessage[];
};

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    installationId: string;
  };
};

export type App = OpenAPIHono<AppEnv>;
