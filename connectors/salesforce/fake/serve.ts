// Serves a fake org on 127.0.0.1 (random port): jsforce uses undici with its own dispatcher, so only
// a real socket reaches it. The url is both the login host and the instance_url.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { FakeSalesforce } from './index';

/** `target()` is read per request, so one server can front a fresh fake per test. */
export function serveFake(target: () => FakeSalesforce): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve(
      { fetch: (req: Request) => target().fetch(req), hostname: '127.0.0.1', port: 0 },
      (info) => {
        const url = `http://127.0.0.1:${(info as AddressInfo).port}`;
        resolve({
          url,
          close: () =>
            new Promise<void>((done, fail) => {
              if ('closeAllConnections' in server) server.closeAllConnections();
              server.close((error) => (error ? fail(error) : done()));
            }),
        });
      },
    );
  });
}

export async function serveFakeSalesforce(fake: FakeSalesforce) {
  const served = await serveFake(() => fake);
  fake.baseUrl = served.url;
  return served;
}
