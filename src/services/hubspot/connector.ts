import { type HubSpotTransport, LimiterWait } from '../../../connectors/hubspot/client';
import { acquire, blockUntil, type RateWindow } from '../../db/queries/crm-rate-limit';
import type { AppDeps } from '../deps';
import { accessTokenFor, refreshAfterUnauthorized } from './tokens';

/**
 * HubSpot's limits per installing portal. The API window is HubSpot's 110 per 10 s plus a guard:
 * we stamp a call when it takes its slot, HubSpot when the request arrives, and a call that
 * dawdled on its way out (a busy worker) must not let the 111th one fit into HubSpot's 10 s.
 */
export const HUBSPOT_WINDOWS = {
  api: { limit: 110, windowMs: 10_500 },
  search: { limit: 5, windowMs: 1_100 },
} as const satisfies Record<string, RateWindow>;

export type HubSpotScope = keyof typeof HUBSPOT_WINDOWS;

/** A job holds its worker at most this long waiting for a slot; longer waits go back to the caller. */
const MAX_SLOT_WAIT_MS = 30_000;

export type TransportOptions = {
  scope?: HubSpotScope;
  /** Backoff sleeps between retries; tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  random?: () => number;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The transport for one installation: its sealed tokens, the Postgres window every worker shares, the clock. */
export function hubspotTransport(
  deps: AppDeps,
  installationId: string,
  options: TransportOptions = {},
): HubSpotTransport {
  const scope = options.scope ?? 'api';
  const window = HUBSPOT_WINDOWS[scope];
  const token = async (result: ReturnType<typeof accessTokenFor>) => {
    const r = await result;
    if (r.ok) return r.accessToken;
    if (r.code === 'disconnected') return null;
    throw new Error(r.message); // unavailable: hubspotCall retries, then the caller reschedules
  };
  return {
    baseUrl: deps.config.HUBSPOT_API_BASE_URL,
    accessToken: () => token(accessTokenFor(deps, installationId)),
    refreshAfterUnauthorized: (stale) => token(refreshAfterUnauthorized(deps, installationId, stale)),
    acquire: async () => {
      let waited = 0;
      for (;;) {
        const slot = await acquire(deps.db, installationId, scope, window);
        if (slot.ok) return;
        if (waited + slot.waitMs > MAX_SLOT_WAIT_MS) throw new LimiterWait(slot.waitMs);
        // The window lives on the database clock, so this wait is real time whatever deps.clock says.
        await realSleep(slot.waitMs);
        waited += slot.waitMs;
      }
    },
    block: async (untilMs) => {
      // The caller's instant is on deps.clock; the limiter's on the database's: pass a duration.
      const forMs = untilMs - deps.clock.now().getTime();
      if (forMs > 0) await blockUntil(deps.db, installationId, scope, forMs);
    },
    sleep: options.sleep ?? realSleep,
    now: () => deps.clock.now(),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.random === undefined ? {} : { random: options.random }),
  };
}
