import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { createFakeHubSpot } from '../../connectors/hubspot/fake/index';
import { backfillJob } from '../../src/services/hubspot/sync';
import { requestToken } from '../../src/services/hubspot/token-http';
import { writeTokens } from '../../src/services/hubspot/token-store';
import { createInstallation } from '../../src/services/installations';
import { type Bench, openBenchDeps } from './harness';

const CONTACTS = Number(process.env.BENCH_HUBSPOT_CONTACTS ?? 10_000);
const BASE = 'https://bench.hubapi.test';

/**
 * A backfill of CONTACTS contacts from the fake HubSpot (behind msw, on the real clock, enforcing
 * 110 requests per 10 s) through the production path: the shared Postgres limiter, hubspotCall, the
 * contact service. Figures: requests per 100 contacts, requests against the minimum (one list page
 * per 100 contacts plus the owners page), 429s seen, contacts stored per second.
 */
export const bench: Bench = {
  name: 'hubspot-backfill',
  run: async (env) => {
    const { handle, boss, deps } = await openBenchDeps(env.url, 'bench_hubspot_backfill', {
      url: 'smtp://127.0.0.1:9',
    });
    const config = {
      ...deps.config,
      HUBSPOT_CLIENT_ID: 'cid',
      HUBSPOT_CLIENT_SECRET: 'sec',
      HUBSPOT_APP_ID: '7',
      HUBSPOT_API_BASE_URL: BASE,
      HUBSPOT_AUTH_BASE_URL: BASE,
    };
    const app = { ...deps, config };
    const fake = createFakeHubSpot({
      clientId: 'cid',
      clientSecret: 'sec',
      appId: 7,
      portalId: 42,
      clock: { now: () => Date.now() },
    });
    const server = setupServer(
      http.all(`${BASE}/*`, async ({ request }) => {
        const res = await fake.fetch(request);
        return new HttpResponse(res.body, { status: res.status, headers: res.headers });
      }),
    );
    server.listen({ onUnhandledRequest: 'bypass' });
    try {
      fake.seed({ contacts: CONTACTS, owners: 3 });
      const answer = await requestToken(app, {
        grant_type: 'authorization_code',
        code: fake.issueCode(['oauth', 'crm.objects.contacts.read']),
        redirect_uri: 'http://bench/cb',
      });
      if (!answer.ok) throw new Error(answer.message);
      const ins = await createInstallation(handle.db, { name: 'Bench', crm: 'hubspot', externalId: '42' });
      const creds = {
        accessToken: answer.grant.accessToken,
        refreshToken: answer.grant.refreshToken ?? '',
        hubId: 42,
        scopes: [],
      };
      await writeTokens(app, handle.db, ins.id, creds, new Date(Date.now() + answer.grant.expiresIn * 1000));
      fake.state.log.length = 0;
      env.log(`backfilling ${CONTACTS} contacts`);
      const started = performance.now();
      const outcome = await backfillJob(app, ins.id);
      const seconds = (performance.now() - started) / 1000;
      if (outcome !== 'done') throw new Error(`backfill ended ${outcome}`);
      const { rows } = await handle.pool.query<{ n: string }>(
        'select count(*) as n from contacts where installation_id = $1',
        [ins.id],
      );
      const stored = Number(rows[0]?.n ?? 0);
      if (stored !== CONTACTS) throw new Error(`stored ${stored} of ${CONTACTS}`);
      const calls = fake.state.log.length;
      const minimum = Math.ceil(CONTACTS / 100) + 1; // list pages + the owners page
      return [
        { name: 'hubspot_backfill_calls_per_100_contacts', value: (calls / CONTACTS) * 100, unit: 'calls' },
        { name: 'hubspot_backfill_calls_vs_min', value: calls / minimum, unit: 'ratio' },
        {
          name: 'hubspot_backfill_429s',
          value: fake.state.log.filter((l) => l.status === 429).length,
          unit: 'count',
        },
        { name: 'hubspot_backfill_contacts_per_s', value: stored / seconds, unit: '1/s' },
      ];
    } finally {
      server.close();
      await boss.stop({ graceful: true, close: true });
      deps.mailer.close();
      await handle.close();
    }
  },
};
