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
  const db = drizzle({ client: pool, schema });
  return { db, pool, close: () => pool.end() };
}
