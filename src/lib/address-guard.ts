import { isIP } from 'node:net';

/**
 * Which IP addresses an outgoing call may reach. Pure: no DNS, no sockets. Host names must be
 * resolved by the caller (src/lib/guarded-fetch.ts) and every address checked here. Only `isIP` is
 * taken from node:net: the Workers runtime's node:net has no `BlockList`, and publishing (which runs
 * there too) uses these checks, so prefixes are matched here on the address bytes.
 */

export type ForbiddenReason =
  | 'loopback'
  | 'unspecified'
  | 'link-local'
  | 'private'
  | 'shared (CGNAT)'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'metadata';

export type AddressVerdict = { allowed: true } | { allowed: false; reason: ForbiddenReason; address: string };

type Range = readonly [network: string, prefix: number, reason: ForbiddenReason];

// Metadata first, so 169.254.169.254 reads as what it is rather than as generic link-local.
const v4Ranges: Range[] = [
  ['169.254.169.254', 32, 'metadata'],
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

const v6Ranges: Range[] = [
  ['fd00:ec2::254', 128, 'metadata'],
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // deprecated site-local
  ['fc00::', 7, 'unique-local'],
  ['ff00::', 8, 'multicast'],
  ['100::', 64, 'reserved'], // discard-only
  ['2001:db8::', 32, 'documentation'],
  ['2001::', 32, 'reserved'], // Teredo: the client's IPv4 address is hidden inside
  ['64:ff9b:1::', 48, 'reserved'], // local-use NAT64, translates to anything
];

type Prefix = { bytes: number[]; bits: number };
type ReasonPrefix = Prefix & { reason: ForbiddenReason };

function prefixOf(network: string, bits: number): Prefix {
  const bytes = addressBytes(network);
  if (bytes === null) throw new Error(`not an address: ${network}`);
  return { bytes, bits };
}

const v4Prefixes: ReasonPrefix[] = v4Ranges.map(([n, bits, reason]) => ({ ...prefixOf(n, bits), reason }));
const v6Prefixes: ReasonPrefix[] = v6Ranges.map(([n, bits, reason]) => ({ ...prefixOf(n, bits), reason }));

/** 4 bytes for IPv4, 16 for IPv6, or null when `ip` is not an address. */
function addressBytes(ip: string): number[] | null {
  const family = isIP(ip);
  if (family === 4) return ip.split('.').map(Number);
  if (family !== 6) return null;
  const words = ipv6Words(ip);
  return words === null ? null : words.flatMap((w) => [w >> 8, w & 0xff]);
}

function inPrefix(bytes: number[], prefix: Prefix): boolean {
  if (bytes.length !== prefix.bytes.length) return false;
  for (let bit = 0; bit < prefix.bits; bit += 8) {
    const take = Math.min(8, prefix.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if (((bytes[i] ?? 0) & mask) !== ((prefix.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** An address in canonical form (`127.0.0.1`, `::1`), with IPv6 brackets removed, or null. */
export function ipLiteral(host: string): string | null {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return isIP(bare) === 0 ? null : bare;
}

/**
 * Checks one resolved or literal address. IPv6 forms that carry an IPv4 address (mapped
 * `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the
 * IPv4 address inside them. Anything that is not an IP address is refused as reserved.
 */
export function classifyAddress(address: string): AddressVerdict {
  const ip = ipLiteral(address);
  const bytes = ip === null ? null : addressBytes(ip);
  if (ip === null || bytes === null) return { allowed: false, reason: 'reserved', address };
  if (bytes.length === 4) return verdict(bytes, v4Prefixes, address);
  const embedded = embeddedIPv4(bytes);
  if (embedded !== null) {
    const inner = verdict(embedded, v4Prefixes, address);
    if (!inner.allowed) return inner;
  }
  return verdict(bytes, v6Prefixes, address);
}

function verdict(bytes: number[], prefixes: ReasonPrefix[], original: string): AddressVerdict {
  const hit = prefixes.find((prefix) => inPrefix(bytes, prefix));
  return hit ? { allowed: false, reason: hit.reason, address: original } : { allowed: true };
}

/** The eight 16-bit words of an IPv6 address that `isIP` accepted (zone id dropped). */
function ipv6Words(ip: string): number[] | null {
  let text = ip.split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const b = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${(((b[0] ?? 0) << 8) | (b[1] ?? 0)).toString(16)}:${(((b[2] ?? 0) << 8) | (b[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((w) => Number.parseInt(w, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const gap = 8 - front.length - back.length;
  if (gap < 0 || (tail === undefined && gap !== 0)) return null;
  const words = [...front, ...new Array<number>(gap).fill(0), ...back];
  return words.some((w) => Number.isNaN(w)) ? null : words;
}

/** The IPv4 address that an IPv6 form carries (mapped, compatible, SIIT, NAT64, 6to4), or null. */
function embeddedIPv4(b: number[]): number[] | null {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const w = (i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  const tail = b.slice(12, 16);
  if (zeros(0, 10) && w(10) === 0xffff) return tail; // mapped ::ffff:a.b.c.d
  if (zeros(0, 12) && !zeros(12, 15)) return tail; // compatible ::a.b.c.d (not :: or ::1)
  if (zeros(0, 12) && (b[15] ?? 0) > 1) return tail;
  if (zeros(0, 8) && w(8) === 0xffff && zeros(10, 12)) return tail; // SIIT ::ffff:0:a.b.c.d
  if (w(0) === 0x64 && w(2) === 0xff9b && zeros(4, 12)) return tail; // NAT64 64:ff9b::/96
  if (w(0) === 0x2002) return b.slice(2, 6); // 6to4 2002:aabb:ccdd::/48
  return null;
}

/** One `WEBHOOK_ALLOWED_HOSTS` entry: a host name (exact, case-insensitive) or an address range. */
export type AllowList = { names: ReadonlySet<string>; ranges: readonly Prefix[] };

/** Parses `WEBHOOK_ALLOWED_HOSTS`: host names (exact, case-insensitive), addresses and CIDRs. */
export function parseAllowList(spec: string): AllowList {
  const names = new Set<string>();
  const ranges: Prefix[] = [];
  for (const raw of spec.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const [network = '', prefix] = entry.split('/');
    const ip = ipLiteral(network);
    if (ip === null) {
      names.add(entry.replace(/\.$/, ''));
      continue;
    }
    const full = isIP(ip) === 4 ? 32 : 128;
    const bits = prefix === undefined ? full : Number(prefix);
    if (!Number.isInteger(bits) || bits < 0 || bits > full) continue;
    ranges.push(prefixOf(ip, bits));
  }
  return { names, ranges };
}

export function isAllowedName(allow: AllowList, hostname: string): boolean {
  return allow.names.has(hostname.toLowerCase().replace(/\.$/, ''));
}

export function isAllowedAddress(allow: AllowList, address: string): boolean {
  const ip = ipLiteral(address);
  const bytes = ip === null ? null : addressBytes(ip);
  if (bytes === null) return false;
  const forms = [bytes, ...(bytes.length === 16 ? [embeddedIPv4(bytes)].filter((x) => x !== null) : [])];
  return forms.some((form) => allow.ranges.some((range) => inPrefix(form, range)));
}

/** `localhost` and `*.localhost` are loopback by definition (RFC 6761), whatever DNS says. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
