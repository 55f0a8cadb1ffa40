export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type Logger = Record<
  Exclude<LogLevel, 'silent'>,
  (msg: string, fields?: Record<string, unknown>) => void
>;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** One JSON line per entry on stderr, so stdout stays free for CLI output. */
export function createLogger(level: LogLevel = 'info'): Logger {
  const log = (at: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[at] < order[level]) return;
    process.stderr.write(
      `${JSON.stringify({ level: at, time: new Date().toISOString(), msg, ...fields })}\n`,
    );
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = createLogger('silent');
