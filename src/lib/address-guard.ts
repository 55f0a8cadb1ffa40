import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses an outgoing call may reach. Pure: no DNS, no sockets. Host names must be
 * resolved by the caller (src/lib/guarded-fetch.ts) and every address checked here.
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

function blockListsOf(ranges: Range[], family: 'ipv4' | 'ipv6') {
  return ranges.map(([network, prefix, reason]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return { list, reason };
  });
}

const v4Lists = blockListsOf(v4Ranges, 'ipv4');
const v6Lists = blockListsOf(v6Ranges, 'ipv6');

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
  if (ip === null) return { allowed: false, reason: 'reserved', address };
  if (isIP(ip) === 4) return verdict(ip, v4Lists, 'ipv4', address);
  const words = ipv6Words(ip);
  if (words === null) return { allowed: false, reason: 'reserved', address };
  const embedded = embeddedIPv4(words);
  if (embedded !== null) {
    const inner = verdict(embedded, v4Lists, 'ipv4', address);
    if (!inner.allowed) return inner;
  }
  return verdict(ip, v6Lists, 'ipv6', address);
}

function verdict(
  ip: string,
  lists: ReturnType<typeof blockListsOf>,
  family: 'ipv4' | 'ipv6',
  original: string,
): AddressVerdict {
  for (const { list, reason } of lists) {
    if (list.check(ip, family)) return { allowed: false, reason, address: original };
  }
  return { allowed: true };
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

function embeddedIPv4(w: number[]): string | null {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = w;
  const zeros = (...xs: number[]) => xs.every((x) => x === 0);
  if (zeros(a, b, c, d, e) && f === 0xffff) return v4(g, h); // mapped
  if (zeros(a, b, c, d, e, f) && (g !== 0 || h > 1)) return v4(g, h); // compatible (not :: or ::1)
  if (zeros(a, b, c, d) && f === 0 && e === 0xffff) return v4(g, h); // SIIT ::ffff:0:a.b.c.d
  if (a === 0x64 && b === 0xff9b && zeros(c, d, e, f)) return v4(g, h); // NAT64 well-known prefix
  if (a === 0x2002) return v4(b, c); // 6to4
  return null;
}

/** One `WEBHOOK_ALLOWED_HOSTS` entry: a host name (exact, case-insensitive) or an address range. */
export type AllowList = { names: ReadonlySet<string>; ranges: BlockList };

export function parseAllowList(spec: string): AllowList {
  const names = new Set<string>();
  const ranges = new BlockList();
  for (const raw of spec.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    const [network = '', prefix] = entry.split('/');
    const ip = ipLiteral(network);
    if (ip === null) {
      names.add(entry.replace(/\.$/, ''));
      continue;
    }
    const family = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
    const bits = prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix);
    ranges.addSubnet(ip, bits, family);
  }
  return { names, ranges };
}

export function isAllowedName(allow: AllowList, hostname: string): boolean {
  return allow.names.has(hostname.toLowerCase().replace(/\.$/, ''));
}

export function isAllowedAddress(allow: AllowList, address: string): boolean {
  const ip = ipLiteral(address);
  if (ip === null) return false;
  return allow.ranges.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

/** `localhost` and `*.localhost` are loopback by definition (RFC 6761), whatever DNS says. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
