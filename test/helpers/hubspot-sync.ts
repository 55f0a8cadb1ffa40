import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { createFakeHubSpot, type FakeHubSpot } from '../../connectors/hubspot/fake/index';
import type { PullTransports } from '../../connectors/hubspot/pull';
import type { Logger } from '../../src/lib/logger';
import { pullTransports } from '../../src/services/hubspot/sync';
import { requestToken } from '../../src/services/hubspot/token-http';
import { writeTokens } from '../../src/services/hubspot/token-store';
import { createApiKey, createInstallation } from '../../src/services/installations';
import type { TestContext } from './context';
import { apiFor } from './fixtures';

export const HUBSPOT_BASE = 'https://fake.hubapi.test';
export const HUBSPOT_ENV = {
  HUBSPOT_CLIENT_ID: 'cid',
  HUBSPOT_CLIENT_SECRET: 'sec',
  HUBSPOT_APP_ID: '7',
  HUBSPOT_API_BASE_URL: HUBSPOT_BASE,
  HUBSPOT_AUTH_BASE_URL: HUBSPOT_BASE,
};

/** Every request moves the injected clock this much: rates and ETAs get a real elapsed time. */
export const LATENCY_MS = 250;

export type SyncPortal = {
  fake: FakeHubSpot;
  /** Every URL the app asked for, in order. */
  urls: URL[];
  /** While set, requests matching it fail at the network level (a crash mid-run). */
  failWhen: ((url: URL) => boolean) | null;
};

/**
 * The fake portal behind msw on the injected clock. `portal.fake` is replaced per test; the
 * server stays.
 */
export function syncPortal(ctx: TestContext) {
  const portal = { urls: [], failWhen: null } as unknown as SyncPortal;
  const server = setupServer(
    http.all(`${HUBSPOT_BASE}/*`, async ({ request }) => {
      const url = new URL(request.url);
      portal.urls.push(url);
      if (portal.failWhen?.(url)) return HttpResponse.error();
      ctx.clock.advance(LATENCY_MS);
      const res = await portal.fake.fetch(request);
      return new HttpResponse(res.body, { status: res.status, headers: res.headers });
    }),
  );
  server.listen({ onUnhandledRequest: () => passthrough() });
  const reset = () => {
    const clock = { now: () => ctx.clock.now().getTime() };
    portal.fake = createFakeHubSpot({ clientId: 'cid', clientSecret: 'sec', appId: 7, portalId: 42, clock });
    portal.urls = [];
    portal.failWhen = null;
  };
  return { portal, server, reset };
}

/** A connected HubSpot installation (tokens as the install flow stores them) and an API client. */
export async function connectedInstallation(ctx: TestContext, fake: FakeHubSpot) {
  const answer = await requestToken(ctx.deps, {
    grant_type: 'authorization_code',
    code: fake.issueCode(['oauth', 'crm.objects.contacts.read', 'crm.objects.deals.read']),
    redirect_uri: 'http://tandem.test/oauth/hubspot/callback',
  });
  if (!answer.ok) throw new Error(answer.message);
  const { grant } = answer;
  const row = await createInstallation(ctx.deps.db, { name: 'p42', crm: 'hubspot', externalId: '42' });
  const creds = {
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken ?? '',
    hubId: 42,
    scopes: [],
  };
  await writeTokens(
    ctx.deps,
    ctx.deps.db,
    row.id,
    creds,
    new Date(ctx.clock.now().getTime() + grant.expiresIn * 1000),
  );
  const { key } = await createApiKey(ctx.deps.db, { installationId: row.id, name: 't', role: 'standard' });
  return { id: row.id, api: apiFor(ctx, key) };
}

/** Transports whose backoff sleeps move the injected clock instead of waiting. */
export function testTransports(ctx: TestContext, installationId: string): PullTransports {
  return pullTransports(ctx.deps, installationId, {
    sleep: async (ms) => {
      ctx.clock.advance(ms);
    },
  });
}

/** A logger that keeps its lines. */
export function capturingLogger() {
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      lines.push({ level, msg, fields });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}
