import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  ipLiteral,
  isAllowedAddress,
  isAllowedName,
  isLoopbackName,
  parseAllowList,
} from '../../../src/lib/address-guard';
import { checkTarget, type Resolver } from '../../../src/lib/guarded-fetch';

/** The host a URL parser hands us for `host` (WHATWG normalises decimal, octal and hex IPv4). */
const hostOf = (host: string) => new URL(`https://${host}/`).hostname;

const forbidden: Array<[host: string, reason: string]> = [
  ['127.0.0.1', 'loopback'],
  ['127.8.9.10', 'loopback'],
  ['2130706433', 'loopback'], // decimal
  ['0x7f.1', 'loopback'], // hex, two parts
  ['0x7f000001', 'loopback'], // hex
  ['017700000001', 'loopback'], // octal
  ['0177.0.0.1', 'loopback'], // octal first octet
  ['127.1', 'loopback'], // short form
  ['0', 'unspecified'],
  ['0.0.0.0', 'unspecified'],
  ['169.254.169.254', 'metadata'],
  ['0xa9fea9fe', 'metadata'], // 169.254.169.254 in hex
  ['169.254.1.1', 'link-local'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'shared (CGNAT)'],
  ['100.100.100.200', 'shared (CGNAT)'], // Alibaba metadata
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['[::1]', 'loopback'],
  ['[0:0:0:0:0:0:0:1]', 'loopback'],
  ['[::]', 'unspecified'],
  ['[fe80::1]', 'link-local'],
  ['[febf::1]', 'link-local'],
  ['[fc00::1]', 'unique-local'],
  ['[fd12:3456::1]', 'unique-local'],
  ['[fd00:ec2::254]', 'metadata'], // AWS IPv6 metadata
  ['[ff02::1]', 'multicast'],
  ['[::ffff:127.0.0.1]', 'loopback'], // IPv4-mapped
  ['[::ffff:7f00:1]', 'loopback'],
  ['[::ffff:169.254.169.254]', 'metadata'],
  ['[::ffff:10.1.2.3]', 'private'],
  ['[::127.0.0.1]', 'loopback'], // IPv4-compatible
  ['[::10.0.0.1]', 'private'],
  ['[::ffff:0:127.0.0.1]', 'loopback'], // SIIT
  ['[64:ff9b::127.0.0.1]', 'loopback'], // NAT64
  ['[64:ff9b::a9fe:a9fe]', 'metadata'],
  ['[64:ff9b::c0a8:101]', 'private'],
  ['[2002:7f00:1::]', 'loopback'], // 6to4 of 127.0.0.1
  ['[2002:a9fe:a9fe::1]', 'metadata'],
  ['[2002:c0a8:101::]', 'private'],
  ['[2001:db8::1]', 'documentation'],
  ['[2001:0:4136:e378:8000:63bf:3fff:fdd2]', 'reserved'], // Teredo
];

describe('classifyAddress', () => {
  it.each(forbidden)('refuses %s as %s', (host, reason) => {
    const ip = ipLiteral(hostOf(host));
    expect(ip).not.toBeNull();
    expect(classifyAddress(ip!)).toMatchObject({ allowed: false, reason });
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1', // just past 172.16/12
    '100.128.0.1', // just past 100.64/10
    '[2606:4700::1111]',
    '[::ffff:8.8.8.8]',
    '[64:ff9b::808:808]', // NAT64 of a public address
    '[2002:808:808::1]', // 6to4 of a public address
  ])('allows the public address %s', (host) => {
    expect(classifyAddress(ipLiteral(hostOf(host))!)).toEqual({ allowed: true });
  });

  it('refuses what is not an address at all', () => {
    expect(classifyAddress('example.com')).toMatchObject({ allowed: false });
  });
});

describe('names and the allow-list', () => {
  it('localhost and every *.localhost name are loopback', () => {
    for (const name of ['localhost', 'LOCALHOST.', 'foo.localhost', 'a.b.localhost'])
      expect(isLoopbackName(name)).toBe(true);
    expect(isLoopbackName('localhost.example.com')).toBe(false);
  });

  it('matches names exactly and addresses by range', () => {
    const allow = parseAllowList(' hooks.internal , 10.0.0.0/8,127.0.0.1, fd00::/8 ');
    expect(isAllowedName(allow, 'HOOKS.internal.')).toBe(true);
    expect(isAllowedName(allow, 'x.hooks.internal')).toBe(false);
    expect(isAllowedAddress(allow, '10.9.8.7')).toBe(true);
    expect(isAllowedAddress(allow, '127.0.0.1')).toBe(true);
    expect(isAllowedAddress(allow, '127.0.0.2')).toBe(false);
    expect(isAllowedAddress(allow, 'fd00::5')).toBe(true);
    expect(isAllowedAddress(allow, '[fd00::5]')).toBe(true);
    expect(isAllowedAddress(parseAllowList(''), '127.0.0.1')).toBe(false);
    const cidr = parseAllowList('172.16.0.0/12');
    expect(isAllowedAddress(cidr, '172.31.255.255')).toBe(true);
    expect(isAllowedAddress(cidr, '172.32.0.0')).toBe(false);
    expect(isAllowedAddress(cidr, '172.15.255.255')).toBe(false);
    expect(isAllowedAddress(cidr, '::ffff:172.20.0.1')).toBe(true); // the same host, mapped
  });
});

describe('checkTarget', () => {
  const none = parseAllowList('');
  const answers =
    (map: Record<string, string[]>): Resolver =>
    async (hostname) => {
      const found = map[hostname];
      if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
  const dns = answers({
    'hooks.example.com': ['93.184.216.34'],
    'mixed.example.com': ['93.184.216.34', '10.0.0.5'],
    'rebind.example.com': ['::ffff:127.0.0.1'],
    'hooks.internal': ['10.1.1.1'],
  });

  it('accepts https to a public host and pins its address', async () => {
    const checked = await checkTarget('https://hooks.example.com/x?token=1', none, dns);
    expect(checked).toMatchObject({ ok: true, value: { address: { address: '93.184.216.34', family: 4 } } });
  });

  it.each([
    ['http://hooks.example.com/x', 'not_https'],
    ['ftp://hooks.example.com/x', 'not_https'],
    ['https://mixed.example.com/x', 'forbidden'], // any one bad address is enough
    ['https://rebind.example.com/x', 'forbidden'],
    ['https://localhost/x', 'forbidden'],
    ['https://foo.localhost/x', 'forbidden'],
    ['https://2130706433/x', 'forbidden'],
    ['https://0x7f.1/x', 'forbidden'],
    ['https://017700000001/x', 'forbidden'],
    ['https://0/x', 'forbidden'],
    ['https://[::ffff:127.0.0.1]/x', 'forbidden'],
    ['https://169.254.169.254/latest/meta-data', 'forbidden'],
    ['http://127.0.0.1:8080/x', 'not_https'],
    ['https://nowhere.example.com/x', 'unresolved'],
  ])('refuses %s (%s)', async (url, code) => {
    const checked = await checkTarget(url, none, dns);
    expect(checked).toMatchObject({ ok: false, error: { code } });
  });

  it('the allow-list opens named hosts and ranges, http included', async () => {
    const allow = parseAllowList('hooks.internal,127.0.0.1,localhost');
    expect((await checkTarget('http://hooks.internal/x', allow, dns)).ok).toBe(true);
    expect((await checkTarget('http://127.0.0.1:9000/x', allow, dns)).ok).toBe(true);
    expect((await checkTarget('https://[::1]/x', allow, dns)).ok).toBe(false);
    expect((await checkTarget('http://hooks.example.com/x', allow, dns)).ok).toBe(false);
  });
});
