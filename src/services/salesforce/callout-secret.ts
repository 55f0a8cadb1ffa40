import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';
import { decryptSecret, encryptSecret, randomToken, sameBytes } from '../../lib/crypto';
import { err, ok, type Result } from '../../lib/result';
import type { AppDeps } from '../deps';

export type CalloutAuthError = { code: 'unauthorized' | 'unknown_org'; message: string };
export type CalloutRequest = { headers: Headers; rawBody: string };

/** A signed call older or newer than this is refused: a captured one cannot be replayed later. */
const WINDOW_S = 300;
const encoder = new TextEncoder();

/**
 * A new secret for the org's Flow callouts and the card's Apex (the External Credential's
 * principal parameter), sealed at rest. Shown once to the admin; issuing again replaces it.
 */
export async function issueCalloutSecret(
  deps: AppDeps,
  db: Queryable,
  installationId: string,
): Promise<string> {
  const secret = `tcs_${randomToken(32)}`;
  await db
    .update(installations)
    .set({ calloutSecretSealed: await encryptSecret(deps.config.ENCRYPTION_KEY ?? '', secret) })
    .where(eq(installations.id, installationId));
  return secret;
}

async function hmacHex(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

const fromHex = (hex: string) =>
  /^[0-9a-f]{64}$/i.test(hex)
    ? new Uint8Array(hex.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? [])
    : null;

/**
 * A call from the org's Named Credential: `X-Tandem-Org` names the org, then either
 * `X-Tandem-Secret: <secret>` or `X-Tandem-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`
 * proves it. Both compare in constant time; the signature also bounds replay to five minutes.
 */
export async function verifyCallout(
  deps: AppDeps,
  req: CalloutRequest,
): Promise<Result<{ installationId: string }, CalloutAuthError>> {
  const orgId = req.headers.get('x-tandem-org') ?? '';
  const given = req.headers.get('x-tandem-secret');
  const signature = req.headers.get('x-tandem-signature');
  if (!orgId || (!given && !signature))
    return err({
      code: 'unauthorized',
      message: 'Missing X-Tandem-Org and X-Tandem-Secret or X-Tandem-Signature',
    });
  const [row] = await deps.db
    .select({ id: installations.id, sealed: installations.calloutSecretSealed })
    .from(installations)
    .where(and(eq(installations.crm, 'salesforce'), eq(installations.externalId, orgId)));
  if (!row) return err({ code: 'unknown_org', message: `Salesforce org ${orgId} has not installed Tandem` });
  if (!row.sealed) return err({ code: 'unauthorized', message: 'No callout secret was issued for this org' });
  const secret = await decryptSecret(deps.config.ENCRYPTION_KEY ?? '', row.sealed);
  if (given !== null) {
    return sameBytes(encoder.encode(given), encoder.encode(secret))
      ? ok({ installationId: row.id })
      : err({ code: 'unauthorized', message: 'Invalid X-Tandem-Secret' });
  }
  const parts = Object.fromEntries(
    (signature ?? '').split(',').map((p) => p.trim().split('=') as [string, string]),
  );
  const t = Number(parts.t);
  const mac = fromHex(parts.v1 ?? '');
  if (!Number.isInteger(t) || !mac)
    return err({ code: 'unauthorized', message: 'Malformed X-Tandem-Signature' });
  if (Math.abs(deps.clock.now().getTime() / 1000 - t) > WINDOW_S)
    return err({ code: 'unauthorized', message: 'X-Tandem-Signature is outside the five-minute window' });
  return sameBytes(await hmacHex(secret, `${t}.${req.rawBody}`), mac)
    ? ok({ installationId: row.id })
    : err({ code: 'unauthorized', message: 'Invalid X-Tandem-Signature' });
}
