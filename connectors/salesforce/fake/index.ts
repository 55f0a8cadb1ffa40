// A stateful in-memory Salesforce org for tests; `fetch` answers like a My Domain login host and instance.
import { Hono } from 'hono';
import { bulkRoutes } from './bulk';
import { collectionRoutes } from './collections';
import { sfError } from './errors';
import { limitRoutes, outageGuard, usageMeter } from './limits';
import { oauthRoutes } from './oauth';
import { type ConvertOptions, convertLead, newState, type OrgOptions } from './org';
import { queryRoutes } from './query';
import { replicationRoutes } from './replication';
import { type SeedOptions, seedState } from './seed';
import { sobjectRoutes } from './sobjects';
import { deleteRecord, type Outage, putRecord } from './state';
import { issueAccess, issueRefresh, requireSession, tokenBody } from './tokens';

export type { Outage } from './state';
export type FakeSalesforceOptions = OrgOptions;

export function createFakeSalesforce(opts: OrgOptions) {
  const state = newState(opts);
  const app = new Hono();
  app.use(async (c, next) => {
    const entry = { method: c.req.method, path: c.req.path, at: state.clock.now(), status: 0 };
    state.requests.push(entry);
    await next();
    entry.status = c.res.status;
  });
  app.use(outageGuard(state));
  oauthRoutes(app, state);
  app.use('/services/data/*', requireSession(state));
  app.use('/services/data/*', usageMeter(state));
  app.get('/services/data', (c) =>
    c.json([{ label: "Summer '26", url: '/services/data/v67.0', version: '67.0' }]),
  );
  limitRoutes(app, state);
  queryRoutes(app, state);
  replicationRoutes(app, state);
  collectionRoutes(app, state);
  bulkRoutes(app, state);
  sobjectRoutes(app, state);
  app.notFound((c) => sfError(c, 404, 'NOT_FOUND', 'The requested resource does not exist'));

  return {
    state,
    fetch: (request: Request) => app.fetch(request),
    /** Set by serveFakeSalesforce: the login host and the instance_url. */
    get baseUrl() {
      return state.baseUrl;
    },
    set baseUrl(url: string) {
      state.baseUrl = url;
    },
    seed: (options: SeedOptions) => seedState(state, options),
    putRecord: (sobject: string, fields: Record<string, unknown>, id?: string) =>
      putRecord(state, sobject, fields, id),
    deleteRecord: (sobject: string, id: string) => deleteRecord(state, sobject, id),
    convertLead: (leadId: string, options?: ConvertOptions) => convertLead(state, leadId, options),
    /** Tokens as install would store them, without the browser round trip. */
    issueTokens(userId = state.userId) {
      const family = crypto.randomUUID();
      const refresh = issueRefresh(state, userId, family);
      // Spelled out: the body's refresh token is optional, an issued pair always has one.
      return {
        ...tokenBody(state, userId, issueAccess(state, userId, family), refresh),
        refresh_token: refresh,
      };
    },
    /** Every access token issued so far answers 401 INVALID_SESSION_ID (refresh tokens live on). */
    expireAccessTokens() {
      for (const token of state.tokens.values()) token.expired = true;
    },
    /** The admin revokes the connected app: every token stops working. */
    revokeAll() {
      for (const grant of state.refreshTokens.values()) grant.revoked = true;
      for (const token of state.tokens.values()) token.revoked = true;
    },
    outage(outage: Outage | null) {
      if (outage === null) state.outages = [];
      else state.outages.push({ ...outage });
    },
    /** Bulk query jobs answer InProgress this many times before JobComplete. */
    bulkPollsBeforeComplete(polls: number) {
      state.bulkPolls = polls;
    },
    /** How many REST calls the org counts now (baseline + rolling 24 h). */
    apiUsage: () => ({ used: state.limits.used + state.limits.calls.length, max: state.limits.max }),
  };
}

export type FakeSalesforce = ReturnType<typeof createFakeSalesforce>;
