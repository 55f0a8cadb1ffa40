import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  type AllowList,
  classifyAddress,
  type ForbiddenReason,
  ipLiteral,
  isAllowedAddress,
  isAllowedName,
  isLoopbackName,
} from './address-guard';
import { err, ok, type Result } from './result';

/**
 * Outgoing calls to URLs that users typed (score webhooks): the host is resolved once, every
 * address is checked, and the connection is pinned to the checked address, so DNS cannot answer
 * differently between the check and the connect (rebinding). Redirects are never followed.
 */

export type ResolvedAddress = { address: string; family: 4 | 6 };

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type CheckedTarget = { url: URL; address: ResolvedAddress };

/** `forbidden` can never succeed (no retry); `unresolved` may be a passing DNS failure. */
export type TargetError =
  | { code: 'not_https'; message: string }
  | { code: 'forbidden'; reason: ForbiddenReason; message: string }
  | { code: 'unresolved'; message: string };

export const systemResolver: Resolver = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * Decides whether `raw` may be called: https only (http too for allow-listed hosts), and no
 * address of the host may be loopback, private, link-local, metadata or otherwise non-public,
 * unless the host's name or every one of its addresses is in the allow-list.
 */
export async function checkTarget(
  raw: string,
  allow: AllowList,
  resolve: Resolver = systemResolver,
): Promise<Result<CheckedTarget, TargetError>> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err({ code: 'not_https', message: 'must be an https URL' });
  }
  // WHATWG parsing has already turned `2130706433`, `0x7f.1`, `017700000001` and `0` into dotted IPv4.
  const hostname = url.hostname;
  const literal = ipLiteral(hostname);
  const namedAllowed = literal === null && isAllowedName(allow, hostname);
  let addresses: ResolvedAddress[];
  if (literal !== null) {
    addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  } else if (isLoopbackName(hostname) && !namedAllowed) {
    return err(forbidden('loopback', hostname));
  } else {
    try {
      addresses = await resolve(hostname);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'lookup failed';
      return err({ code: 'unresolved', message: `host ${hostname} does not resolve (${code})` });
    }
    if (addresses.length === 0)
      return err({ code: 'unresolved', message: `host ${hostname} does not resolve` });
  }
  const allowListed = namedAllowed || addresses.every((a) => isAllowedAddress(allow, a.address));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowListed)) {
    return err({ code: 'not_https', message: 'must be an https URL' });
  }
  if (!allowListed) {
    for (const a of addresses) {
      const verdict = classifyAddress(a.address);
      if (!verdict.allowed) return err(forbidden(verdict.reason, hostname, a.address));
    }
  }
  const first = addresses[0];
  if (!first) return err({ code: 'unresolved', message: `host ${hostname} does not resolve` });
  return ok({ url, address: first });
}

function forbidden(reason: ForbiddenReason, hostname: string, address?: string): TargetError {
  const at =
    address && address !== hostname.replace(/^\[|\]$/g, '')
      ? ` (${hostname} is ${address})`
      : ` (${hostname})`;
  return { code: 'forbidden', reason, message: `must not target a ${reason} address${at}` };
}

export type PostResult = { status: number };

/** POSTs to a checked target, connecting only to its checked address; SNI and Host stay the name. */
export function postPinned(
  target: CheckedTarget,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<PostResult> {
  const { url, address } = target;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolvePost, rejectPost) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
        lookup: pinned,
        signal: AbortSignal.timeout(init.timeoutMs),
        agent: false,
      },
      (res) => {
        res.resume(); // the body is not needed; drain it so the socket closes
        res.on('end', () => resolvePost({ status: res.statusCode ?? 0 }));
        res.on('error', rejectPost);
      },
    );
    req.on('error', rejectPost);
    req.end(init.body);
  });
}

/** A URL as it may appear in logs: no credentials, no query string, no fragment. */
export function loggableUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
