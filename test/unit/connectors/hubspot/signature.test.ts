import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeSignedUri,
  signV2,
  signV3,
  verifyV2,
  verifyV3,
} from '../../../../connectors/hubspot/signature';

const secret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const now = new Date('2026-12-02T12:00:00.000Z');
const ts = String(now.getTime() - 1000);
const uri = 'https://tandem.example/hubspot/webhooks?portal=1';
const body = '[{"objectId":1,"subscriptionType":"contact.creation"}]';

// Independent vector: node:crypto, not the code under test.
const v3 = (u: string, b: string, t: string, m = 'POST') =>
  createHmac('sha256', secret).update(`${m}${u}${b}${t}`).digest('base64');

const headers = (sig: string, t = ts) => ({
  'X-HubSpot-Signature-v3': sig,
  'X-HubSpot-Request-Timestamp': t,
});

describe('v3 signatures', () => {
  it('accepts a signature computed independently', async () => {
    const req = { method: 'POST', uri, rawBody: body, headers: headers(v3(uri, body, ts)) };
    expect(await verifyV3(secret, req, now)).toEqual({ ok: true });
  });

  it('signs what it verifies, matching node:crypto', async () => {
    expect(await signV3(secret, { method: 'post', uri, rawBody: body }, Number(ts))).toBe(v3(uri, body, ts));
  });

  it('reads header names in any case', async () => {
    const req = {
      method: 'POST',
      uri,
      rawBody: body,
      headers: { 'x-hubspot-signature-v3': v3(uri, body, ts), 'X-HUBSPOT-REQUEST-TIMESTAMP': ts },
    };
    expect(await verifyV3(secret, req, now)).toEqual({ ok: true });
  });

  it('rejects a tampered body, uri, timestamp or secret', async () => {
    const sig = v3(uri, body, ts);
    const bad = { ok: false, reason: 'bad_signature' };
    expect(
      await verifyV3(secret, { method: 'POST', uri, rawBody: `${body} `, headers: headers(sig) }, now),
    ).toEqual(bad);
    expect(
      await verifyV3(secret, { method: 'POST', uri: `${uri}2`, rawBody: body, headers: headers(sig) }, now),
    ).toEqual(bad);
    expect(
      await verifyV3(
        secret,
        { method: 'POST', uri, rawBody: body, headers: headers(sig, String(Number(ts) + 1)) },
        now,
      ),
    ).toEqual(bad);
    expect(
      await verifyV3('other', { method: 'POST', uri, rawBody: body, headers: headers(sig) }, now),
    ).toEqual(bad);
    expect(await verifyV3(secret, { method: 'GET', uri, rawBody: body, headers: headers(sig) }, now)).toEqual(
      bad,
    );
  });

  it('rejects missing headers and timestamps beyond five minutes either way', async () => {
    const missing = { method: 'POST', uri, rawBody: body, headers: { 'X-HubSpot-Request-Timestamp': ts } };
    expect(await verifyV3(secret, missing, now)).toEqual({ ok: false, reason: 'missing_signature' });
    for (const t of [now.getTime() - 300_001, now.getTime() + 300_001]) {
      const req = {
        method: 'POST',
        uri,
        rawBody: body,
        headers: headers(v3(uri, body, String(t)), String(t)),
      };
      expect(await verifyV3(secret, req, now)).toEqual({ ok: false, reason: 'stale_timestamp' });
    }
    const edge = String(now.getTime() - 300_000);
    const ok = { method: 'POST', uri, rawBody: body, headers: headers(v3(uri, body, edge), edge) };
    expect(await verifyV3(secret, ok, now)).toEqual({ ok: true });
    const junk = { method: 'POST', uri, rawBody: body, headers: headers('x', 'soon') };
    expect(await verifyV3(secret, junk, now)).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('decodes only the documented escapes before signing', async () => {
    expect(decodeSignedUri('https://a.example/p%3Fq%3a%2F%40%21%24%27%28%29%2A%2C%3B')).toBe(
      "https://a.example/p?q:/@!$'()*,;",
    );
    expect(decodeSignedUri('https://a.example/p?x=a%20b%26c%3D%25')).toBe(
      'https://a.example/p?x=a%20b%26c%3D%25',
    );
    const sent = 'https://tandem.example/hook?email=a%40b.example&n=a%20b';
    const signedOver = 'https://tandem.example/hook?email=a@b.example&n=a%20b';
    const req = { method: 'POST', uri: sent, rawBody: body, headers: headers(v3(signedOver, body, ts)) };
    expect(await verifyV3(secret, req, now)).toEqual({ ok: true });
  });
});

describe('v2 signatures (workflow actions)', () => {
  const v2 = createHash('sha256').update(`${secret}POST${uri}${body}`).digest('hex');

  it('accepts sha256 hex of secret + method + uri + body', async () => {
    expect(await signV2(secret, { method: 'POST', uri, rawBody: body })).toBe(v2);
    const req = { method: 'POST', uri, rawBody: body, headers: { 'x-hubspot-signature': v2.toUpperCase() } };
    expect(await verifyV2(secret, req)).toEqual({ ok: true });
  });

  it('rejects a tampered body and a missing header', async () => {
    const req = { method: 'POST', uri, rawBody: '[]', headers: { 'X-HubSpot-Signature': v2 } };
    expect(await verifyV2(secret, req)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyV2(secret, { ...req, headers: {} })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
  });
});
