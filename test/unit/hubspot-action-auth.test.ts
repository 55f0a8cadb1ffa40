import { describe, expect, it } from 'vitest';
import { signV2, signV3 } from '../../connectors/hubspot/signature';
import { fixedClock } from '../../src/lib/clock';
import type { AppDeps } from '../../src/services/deps';
import { verifyHubSpotRequest } from '../../src/services/hubspot/actions-auth';

const SECRET = 'shh';
const now = new Date('2026-03-02T14:00:00Z');
// verifyHubSpotRequest reads only the secret and the clock.
const deps = (secret: string | null = SECRET) =>
  ({ config: { HUBSPOT_CLIENT_SECRET: secret ?? undefined }, clock: fixedClock(now) }) as unknown as AppDeps;

const req = { method: 'POST', uri: 'https://tandem.example.com/hubspot/actions/enroll', rawBody: '{"a":1}' };

async function headers(o: { v2?: string | false; v3?: string | false; ts?: number } = {}) {
  const h: Record<string, string> = {};
  if (o.v2 !== false) h['X-HubSpot-Signature'] = o.v2 ?? (await signV2(SECRET, req));
  if (o.v3 !== undefined && o.v3 !== false) {
    const ts = o.ts ?? now.getTime();
    h['X-HubSpot-Signature-v3'] = o.v3 === 'sign' ? await signV3(SECRET, req, ts) : o.v3;
    h['X-HubSpot-Request-Timestamp'] = String(ts);
  }
  return h;
}

const check = async (h: Record<string, string>, d = deps()) =>
  verifyHubSpotRequest(d, { ...req, headers: h });

describe('verifyHubSpotRequest (workflow actions)', () => {
  it('accepts a valid v2 signature, a valid v3 one, and both', async () => {
    expect((await check(await headers())).ok).toBe(true);
    expect((await check(await headers({ v2: false, v3: 'sign' }))).ok).toBe(true);
    expect((await check(await headers({ v3: 'sign' }))).ok).toBe(true);
  });

  it('refuses a missing, wrong or stale signature, and a bad one next to a good one', async () => {
    const refused = [
      await headers({ v2: false }),
      await headers({ v2: 'deadbeef' }),
      await headers({ v2: false, v3: 'sign', ts: now.getTime() - 5 * 60 * 1000 - 1 }),
      await headers({ v3: 'sign', ts: now.getTime() + 6 * 60 * 1000 }),
      await headers({ v3: 'AAAA' }),
      await headers({ v2: 'deadbeef', v3: 'sign' }),
    ];
    for (const h of refused) {
      const r = await check(h);
      expect(r.ok ? 'accepted' : r.error.code).toBe('unauthorized');
    }
  });

  it('is unavailable, not open, when the client secret is not configured', async () => {
    const r = await check(await headers(), deps(null));
    expect(r.ok ? 'accepted' : r.error.code).toBe('not_configured');
  });
});
