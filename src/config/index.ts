import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_BASE_URL: z.url().optional(),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /**
   * Pooled SMTP connections per worker process. Email steps go out in batches of half of them, so
   * one batch is on the wire while the next one decides; only mail on the wire can end `unknown`.
   */
  SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(10),
  SMTP_FROM: z.string().min(3).default('Tandem <sequences@tandem.localhost>'),
  SMTP_SINK_PORT: port.default(2525),
  /** Local inbound SMTP listener (replies, bounces) when the worker runs; 0 turns it off. */
  INBOUND_SMTP_PORT: port.default(2526),
  /** When set, mail carries `Reply-To: reply+<token>@<domain>`, so replies match by token. */
  INBOUND_REPLY_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$|^localhost$/i, 'must be a domain name such as reply.example.com')
    .optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** How often pg-boss looks for jobs whose worker died (missed heartbeats). */
  JOB_SUPERVISE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /**
   * Score webhook targets exempt from the public-address rule (self-hosted receivers), comma-separated
   * host names, IP addresses or CIDRs such as `hooks.internal,10.0.0.0/8`; http is allowed for them.
   */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .regex(/^\s*[A-Za-z0-9.:_/-]+(\s*,\s*[A-Za-z0-9.:_/-]+)*\s*$/, 'must be comma-separated hosts or CIDRs')
    .default(''),
  /** Developer pages (`/dev/*`: the local mailbox), loopback only; `--demo` turns them on too. */
  DEV_PAGES: z.stringbool().default(false),
  /** The HubSpot public app (marketplace install, OAuth, webhooks, workflow actions, card). */
  HUBSPOT_CLIENT_ID: z.string().min(1).optional(),
  HUBSPOT_CLIENT_SECRET: z.string().min(1).optional(),
  HUBSPOT_APP_ID: z.string().regex(/^\d+$/, 'must be the numeric app id').optional(),
  HUBSPOT_API_BASE_URL: z.url().default('https://api.hubapi.com'),
  HUBSPOT_AUTH_BASE_URL: z.url().default('https://app.hubspot.com'),
  /**
   * The Salesforce connected app (External Client App): OAuth web-server flow with PKCE. The login
   * host is the default; an admin installing from a sandbox or a My Domain picks theirs at install.
   */
  SALESFORCE_CLIENT_ID: z.string().min(1).optional(),
  SALESFORCE_CLIENT_SECRET: z.string().min(1).optional(),
  SALESFORCE_LOGIN_URL: z.url().default('https://login.salesforce.com'),
  SALESFORCE_API_VERSION: z
    .string()
    .regex(/^\d{2,3}\.0$/, 'must be an API version such as 67.0')
    .default('67.0'),
});

export type Config = z.infer<typeof schema> & { publicBaseUrl: string };

export type ConfigResult = { ok: true; config: Config } | { ok: false; error: string };

/** Development falls back to localhost links and a generated key; production must not. */
const requiredInProduction = [
  ['ENCRYPTION_KEY', 'is required in production'],
  ['PUBLIC_BASE_URL', 'is required in production (links in mail would point at localhost)'],
] as const;

/** The only place the environment is read. Errors name the variable in one line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    return { ok: false, error: `Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}` };
  }
  const c = parsed.data;
  const missing = c.NODE_ENV === 'production' ? requiredInProduction.find(([name]) => !c[name]) : undefined;
  if (missing) return { ok: false, error: `Invalid configuration: ${missing[0]} ${missing[1]}` };
  const publicBaseUrl = (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return { ok: true, config: { ...c, publicBaseUrl } };
}

/** For entries: exits the process with a one-line message on bad config. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  const result = loadConfig(env);
  if (!result.ok) {
    process.stderr.write(`${result.error}\n`);
    process.exit(1);
  }
  return result.config;
}
