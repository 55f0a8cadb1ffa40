import { Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import type { Db, DbHandle } from './client';
import * as schema from './schema';

/** Workers: Neon's WebSocket driver; a pool lives for one request. */
export function createNeonDb(url: string): Omit<DbHandle, 'pool'> {
  const pool = new Pool({ connectionString: url });
  // An idle client's socket error is emitted on the pool; unheard, it would end the isolate's request
  // with an uncaught error. The query in flight still rejects, so the request answers 503.
  pool.on('error', () => {});
  // Same query builder and schema as node-postgres; only the driver differs.
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return { db, close: () => pool.end() };
}
