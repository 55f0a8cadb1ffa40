import { signV2, signV3 } from '../../connectors/hubspot/signature';
import type { TestContext } from './context';

export type SignOptions = {
  secret?: string;
  v2?: boolean;
  v3?: boolean;
  timestamp?: number;
  /** Sent instead of what was signed (an altered request). */
  sentBody?: string;
  sentPath?: string;
};

/** A request as HubSpot makes it: signed over the public URL (PUBLIC_BASE_URL), not the local one. */
export async function signedHubSpotCall(
  c: TestContext,
  signingSecret: string,
  method: string,
  path: string,
  body: unknown,
  o: SignOptions = {},
) {
  const rawBody = body === undefined ? '' : JSON.stringify(body);
  const uri = `http://tandem.test${path}`;
  const secret = o.secret ?? signingSecret;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.v2 ?? true) {
    headers['x-hubspot-signature'] = await signV2(secret, { method, uri, rawBody });
    headers['x-hubspot-signature-version'] = 'v2';
  }
  if (o.v3) {
    const ts = o.timestamp ?? c.clock.now().getTime();
    headers['x-hubspot-signature-v3'] = await signV3(secret, { method, uri, rawBody }, ts);
    headers['x-hubspot-request-timestamp'] = String(ts);
  }
  const res = await c.app.request(o.sentPath ?? path, {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: o.sentBody ?? rawBody }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely, as fixtures.apiFor does
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
