import { eq } from 'drizzle-orm';
import { allowance } from '../../../connectors/salesforce/budget';
import { BudgetWait, type SalesforceTransport } from '../../../connectors/salesforce/client';
import { apiBudgetState, recordApiCalls } from '../../db/queries/crm-api-budget';
import { installations } from '../../db/schema';
import type { AppDeps } from '../deps';
import { readCredentials } from './token-store';
import { sessionStore, withRefreshLock } from './tokens';

/** Our share of the org's daily API allocation unless `settings.salesforce.apiShare` says otherwise. */
export const DEFAULT_API_SHARE = 0.25;
/** When the budget has no room, callers come back this much later (outbox rows wait as long). */
export const BUDGET_WAIT_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

export type TransportOptions = {
  /** Backoff sleeps between retries; tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  random?: () => number;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function apiShare(deps: AppDeps, installationId: string): Promise<number> {
  const [row] = await deps.db
    .select({ settings: installations.settings })
    .from(installations)
    .where(eq(installations.id, installationId));
  const share = (row?.settings.salesforce as { apiShare?: unknown } | undefined)?.apiShare;
  return typeof share === 'number' && share > 0 && share <= 1 ? share : DEFAULT_API_SHARE;
}

/** The transport for one installation: its sealed tokens, the shared refresh lock, the org's API budget. */
export function salesforceTransport(
  deps: AppDeps,
  installationId: string,
  options: TransportOptions = {},
): SalesforceTransport {
  const { config } = deps;
  const store = sessionStore(deps, deps.db, installationId);
  // The org refreshes at the host it logged in at (sandbox, My Domain), read when jsforce asks.
  const credentials = readCredentials(deps, deps.db, installationId).catch(() => null);
  const transport: SalesforceTransport = {
    ...store,
    version: config.SALESFORCE_API_VERSION,
    oauth: {
      clientId: config.SALESFORCE_CLIENT_ID ?? '',
      ...(config.SALESFORCE_CLIENT_SECRET ? { clientSecret: config.SALESFORCE_CLIENT_SECRET } : {}),
      redirectUri: `${config.publicBaseUrl}/oauth/salesforce/callback`,
      loginUrl: config.SALESFORCE_LOGIN_URL,
    },
    session: async () => {
      const stored = await credentials;
      if (stored?.credentials.loginUrl) transport.oauth.loginUrl = stored.credentials.loginUrl;
      return store.session();
    },
    exclusive: (fn) => withRefreshLock(deps, installationId, fn),
    acquire: async (calls) => {
      const now = deps.clock.now();
      const state = await apiBudgetState(deps.db, installationId, now);
      // Nothing observed yet, or only longer ago than Salesforce's window: one answer tells us the count.
      if (!state || now.getTime() - state.observedAt.getTime() > DAY_MS) return;
      // The others' part of the count is as observed; ours is as now, so our calls leaving the
      // window free room (reading them off a stale count would block us for good).
      const others = Math.max(0, state.used - state.oursAtObservation);
      const room = allowance({
        used: others + state.ours24h,
        max: state.max,
        ours24h: state.ours24h,
        share: await apiShare(deps, installationId),
      });
      if (room < calls) throw new BudgetWait(BUDGET_WAIT_MS);
    },
    record: (calls, usage) => recordApiCalls(deps.db, installationId, calls, usage, deps.clock.now()),
    sleep: options.sleep ?? realSleep,
    now: () => deps.clock.now(),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.random === undefined ? {} : { random: options.random }),
  };
  return transport;
}
