import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import type { Result } from '../lib/result';
import type { Db, DbHandle } from './client';
import * as schema from './schema';

/** Where the driver opens its WebSocket when it is not Neon's own proxy (a self-hosted one, a test's). */
export type NeonWsProxy = { secure: boolean; hostAndPath: string };

/** `ws://host:port[/path]` or `wss://...`: the driver adds `?address=<db host>:<db port>` itself. */
export function parseNeonWsProxy(value: string): Result<NeonWsProxy, string> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, error: 'NEON_WS_PROXY must be a ws:// or wss:// URL' };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    return { ok: false, error: 'NEON_WS_PROXY must be a ws:// or wss:// URL' };
  if (url.search || url.hash || url.username || url.password)
    return { ok: false, error: 'NEON_WS_PROXY takes no query, fragment or credentials' };
  const path = url.pathname === '/' ? '' : url.pathname;
  return { ok: true, value: { secure: url.protocol === 'wss:', hostAndPath: `${url.host}${path}` } };
}

/**
 * Points the driver at `proxy`, or back at Neon's defaults when there is none. The driver's settings
 * are global to the isolate; they come from the deployment's env, the same for every request.
 */
function configureProxy(proxy: NeonWsProxy | undefined): void {
  if (!proxy) {
    for (const key of ['wsProxy', 'useSecureWebSocket', 'pipelineConnect'] as const)
      delete neonConfig.opts[key];
    return;
  }
  neonConfig.wsProxy = (host, port) => `${proxy.hostAndPath}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = proxy.secure;
  // Pipelining the password suits only Neon's cleartext auth; a plain Postgres may ask for SCRAM.
  neonConfig.pipelineConnect = false;
}

/** Workers: Neon's WebSocket driver; a pool lives for one request. */
export function createNeonDb(url: string, options: { wsProxy?: NeonWsProxy } = {}): Omit<DbHandle, 'pool'> {
  configureProxy(options.wsProxy);
  const pool = new Pool({ connectionString: url });
  // An idle client's socket error is emitted on the pool; unheard, it would end the isolate's request
  // with an uncaught error. The query in flight still rejects, so the request answers 503.
  pool.on('error', () => {});
  // Same query builder and schema as node-postgres; only the driver differs.
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return { db, close: () => pool.end() };
}
