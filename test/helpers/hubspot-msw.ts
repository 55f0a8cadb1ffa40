import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import type { FakeHubSpot } from '../../connectors/hubspot/fake/index';

/** An msw server that answers every request to `baseUrl` from the fake; other hosts pass through. */
export function hubspotServer(fake: FakeHubSpot, baseUrl = 'https://api.hubapi.com') {
  const server = setupServer(
    http.all(`${baseUrl}/*`, async ({ request }) => {
      const res = await fake.fetch(request);
      return new HttpResponse(res.body, { status: res.status, headers: res.headers });
    }),
  );
  server.listen({ onUnhandledRequest: () => passthrough() });
  return server;
}
