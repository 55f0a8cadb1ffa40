import { Hono } from 'hono';
import { associationRoutes } from './associations';
import { engagementRoutes } from './engagement';
import { type Outage, rateLimiter } from './limits';
import { oauthRoutes, requireToken } from './oauth';
import { objectRoutes } from './objects';
import { ownerRoutes } from './owners';
import { pipelineRoutes } from './pipelines';
import { propertyRoutes } from './properties';
import { searchRoutes } from './search';
import { type SeedOptions, seedState } from './seed';
import { signV2, signV3 } from './signer';
import { type Clock, newState } from './state';

export type FakeOptions = {
  clientId: string;
  clientSecret: string;
  appId: number;
  portalId: number;
  clock: Clock;
};

/** A stateful in-memory HubSpot portal for tests; `fetch` answers like api.hubapi.com. */
export function createFakeHubSpot(opts: FakeOptions) {
  const state = newState(opts.clock, opts.portalId);
  let outage: Outage | null = null;
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    state.log.push({ method: c.req.method, path: c.req.path, status: c.res.status });
  });
  app.use(rateLimiter(state, () => outage));
  app.use(requireToken(state));
  oauthRoutes(app, state, opts);
  searchRoutes(app, state);
  objectRoutes(app, state);
  associationRoutes(app, state);
  ownerRoutes(app, state);
  pipelineRoutes(app, state);
  propertyRoutes(app, state);
  engagementRoutes(app, state);

  const send = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  return {
    state,
    fetch: (request: Request) => app.fetch(request),
    seed: (options: SeedOptions) => seedState(state, options),
    /** An authorization code the OAuth token endpoint will accept once. */
    issueCode(scopes: string[] = ['oauth', 'crm.objects.contacts.read']) {
      const code = `fake-code-${crypto.randomUUID()}`;
      state.codes.set(code, scopes);
      return code;
    },
    outage(next: Outage | null) {
      outage = next;
    },
    revoke(accessToken: string) {
      const token = state.tokens.get(accessToken);
      if (token) token.revoked = true;
    },
    expireTokens() {
      for (const token of state.tokens.values()) token.expiresAt = opts.clock.now();
    },
    requests: () => state.log,
    /** POSTs webhook events signed with v3 (timestamp in ms from the clock). */
    sendWebhook(url: string, events: Record<string, unknown>[]) {
      const body = JSON.stringify(events);
      const ts = opts.clock.now();
      return send(url, body, {
        'X-HubSpot-Signature-v3': signV3(opts.clientSecret, 'POST', url, body, ts),
        'X-HubSpot-Request-Timestamp': String(ts),
      });
    },
    /** POSTs a workflow-action call signed with v2. */
    sendWorkflowAction(url: string, payload: Record<string, unknown>) {
      const body = JSON.stringify(payload);
      return send(url, body, {
        'X-HubSpot-Signature': signV2(opts.clientSecret, 'POST', url, body),
        'X-HubSpot-Signature-Version': 'v2',
      });
    },
  };
}

export type FakeHubSpot = ReturnType<typeof createFakeHubSpot>;
