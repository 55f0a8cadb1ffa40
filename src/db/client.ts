import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type DbHandle = { db: Db; pool: pg.Pool; close: () => Promise<void> };

export type DbOptions = {
  max?: number;
  /** Told about connection errors no query was waiting for (a server restart between queries). */
  onConnectionError?: (error: Error) => void;
};

export function createDb(url: string, options: DbOptions = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  const onError = options.onConnectionError ?? (() => {});
  // An idle client's error (the server restarting) must not crash the process; the client's own
  // listener below reports it.
  pool.on('error', () => {});
  // pg-pool takes its idle listener off a client while it is checked out, so a connection that
  // drops between the statements of a transaction (57P01 on a server restart) would emit 'error'
  // with nobody listening: an uncaught exception. This listener stays for the client's life. The
  // transaction's next statement fails ("not queryable") and the pool discards the dead client on
  // release, so the pool reconnects with fresh clients.
  pool.on('connect', (client) => {
    client.on('error', onError);
  });
  releaseOnFailedBegin(pool);
  const db = drizzle({ client: pool, schema });
  return { db, pool, close: () => pool.end() };
}

type Query = (...args: unknown[]) => unknown;

/**
 * drizzle's node-postgres transaction runs `begin` before its try/finally, so when `begin` fails
 * (the checked-out connection died in a server restart) the client is never released: each restart
 * leaked clients until the pool was exhausted and `pool.end()` hung. A client's first statement after
 * an explicit checkout is watched: a failed `begin` releases it, marked broken, so the pool drops it.
 */
function releaseOnFailedBegin(pool: pg.Pool): void {
  pool.on('acquire', (client) => {
    const own = client as unknown as { query: Query };
    const original = own.query;
    own.query = function (this: unknown, ...args: unknown[]) {
      own.query = original;
      const result = original.apply(client, args);
      if (!isBegin(args[0]) || !(result instanceof Promise)) return result;
      return result.catch((error: unknown) => {
        client.release(error instanceof Error ? error : true);
        throw error;
      });
    };
  });
  // pool.query() checks out through the same path; it restores nothing we patched, so undo the
  // patch on release for clients whose first statement never came.
  pool.on('release', (_error, client) => {
    delete (client as unknown as { query?: Query }).query;
  });
}

function isBegin(arg: unknown): boolean {
  const text = typeof arg === 'string' ? arg : (arg as { text?: unknown } | null)?.text;
  return typeof text === 'string' && /^\s*begin\b/i.test(text);
}
