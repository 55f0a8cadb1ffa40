import { createHash, createHmac } from 'node:crypto';

// HubSpot's request signatures, written here so the fake can sign independently of our verifier.
/** v3: base64 HMAC-SHA256(clientSecret, method + uri + body + timestamp). */
export function signV3(secret: string, method: string, uri: string, body: string, timestamp: number) {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`).digest('base64');
}

/** v2: hex sha256 of clientSecret + method + uri + body. */
export function signV2(secret: string, method: string, uri: string, body: string) {
  return createHash('sha256').update(`${secret}${method}${uri}${body}`).digest('hex');
}
