import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Boss } from '../jobs/boss';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { SinkMessage } from '../mail/smtp-sink';
import type { Mailer } from '../mail/transport';

/** What every use case can reach: routes pass it from `c.var.deps`, job handlers from the worker. */
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
