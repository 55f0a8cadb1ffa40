export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type Logger = Record<
  Exclude<LogLevel, 'silent'>,
  (msg: string, fields?: Record<string, unknown>) => void
>;
/** Where finished lines go (stderr by default; tests capture them). */
export type LogSink = (line: string) => void;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const EMAIL = /[^\s"'<>()[\]{}:;,\\/@]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/gi;

/** Any e-mail address left in a log line becomes `[email]`: logs carry ids and codes, not people. */
export function redactEmails(text: string): string {
  return text.replace(EMAIL, '[email]');
}

type ErrorLike = Error & {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  routine?: unknown;
  severity?: unknown;
  query?: unknown;
  cause?: unknown;
};

// pg's DatabaseError (and drizzle's wrapper of it) carry the SQL text, its parameters and a `detail`
// that quotes row values; only their class and codes are safe to log.
function isDatabaseError(e: ErrorLike): boolean {
  return (
    (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && 'severity' in e) ||
    'query' in e ||
    /Drizzle|Database|Postgres/i.test(e.constructor?.name ?? '')
  );
}

/**
 * The loggable facts of an error: class, pg code, constraint, table and column, the causes' classes,
 * and stack frames. Never the SQL, its parameters, `detail`, or the message of a database error.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorClass: typeof error };
  const out: Record<string, unknown> = {};
  const causes: string[] = [];
  let current: unknown = error;
  let messageSafe = true;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const e = current as ErrorLike;
    const name = e.constructor?.name || e.name;
    if (depth === 0) out.errorClass = name;
    else causes.push(name);
    if (isDatabaseError(e)) messageSafe = false;
    if (typeof e.code === 'string' && out.pgCode === undefined && /^[0-9A-Z]{5}$/.test(e.code))
      out.pgCode = e.code;
    for (const key of ['constraint', 'table', 'column', 'routine'] as const) {
      if (typeof e[key] === 'string' && out[key] === undefined) out[key] = e[key];
    }
    current = e.cause;
  }
  if (causes.length > 0) out.causes = causes;
  if (messageSafe) out.message = redactEmails(error.message).slice(0, 300);
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  if (frames.length > 0) out.stack = frames.slice(0, 12).map((f) => f.trim());
  return out;
}

function clean(value: unknown): unknown {
  return value instanceof Error ? describeError(value) : value;
}

/** One JSON line per entry on stderr, so stdout stays free for CLI output. */
export function createLogger(
  level: LogLevel = 'info',
  sink: LogSink = (line) => process.stderr.write(line),
): Logger {
  const log = (at: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[at] < order[level]) return;
    const safe = fields
      ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, clean(v)]))
      : undefined;
    sink(`${redactEmails(JSON.stringify({ level: at, time: new Date().toISOString(), msg, ...safe }))}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = createLogger('silent');
