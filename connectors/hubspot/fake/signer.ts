import { createHash, createHmac } from 'node:crypto';

// HubSpot's request signatures, written here so the fake can sign independently of our verifier.

// HubSpot decodes exactly these escapes in the URI before signing v3; others stay as sent.
const V3_DECODED: Array<[string, string]> = [
  ['%3A', ':'],
  ['%2F', '/'],
  ['%3F', '?'],
  ['%40', '@'],
  ['%21', '!'],
  ['%24', '$'],
  ['%27', "'"],
  ['%28', '('],
  ['%29', ')'],
  ['%2A', '*'],
  ['%2C', ','],
  ['%3B', ';'],
];

function v3Uri(uri: string): string {
  let out = uri;
  for (const [code, char] of V3_DECODED) out = out.replace(new RegExp(code, 'gi'), char);
  return out;
}

/** v3: base64 HMAC-SHA256(clientSecret, method + decoded uri + body + timestamp). */
export function signV3(secret: string, method: string, uri: string, body: string, timestamp: number) {
  return createHmac('sha256', secret)
    .update(`${method}${v3Uri(uri)}${body}${timestamp}`)
    .digest('base64');
}

/** v2: hex sha256 of clientSecret + method + uri + body. */
export function signV2(secret: string, method: string, uri: string, body: string) {
  return createHash('sha256').update(`${secret}${method}${uri}${body}`).digest('hex');
}

/** The headers HubSpot sends with a v3-signed POST to `url` at `timestampMs`. */
export function webhookHeaders(secret: string, url: string, body: string, timestampMs: number) {
  return {
    'content-type': 'application/json',
    'X-HubSpot-Signature-v3': signV3(secret, 'POST', url, body, timestampMs),
    'X-HubSpot-Request-Timestamp': String(timestampMs),
  };
}
