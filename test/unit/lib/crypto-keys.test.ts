import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  encryptSecret,
  fromBase64UrlStrict,
  hmacSign,
  hmacVerify,
  signLink,
  verifyLink,
} from '../../../src/lib/crypto';
import { unsubscribeToken, verifyUnsubscribeToken } from '../../../src/mail/headers';
import {
  clickToken,
  openToken,
  readAddress,
  replyAddress,
  verifyClickToken,
  verifyOpenToken,
} from '../../../src/services/engagement/tokens';

const key = Buffer.alloc(32, 7).toString('base64');
const sendId = `snd_${'a'.repeat(32)}`;

/** Every other spelling of the same bytes a lenient decoder would accept. */
function respellings(sig: string): string[] {
  const std = sig.replaceAll('-', '+').replaceAll('_', '/');
  const padded = std + '='.repeat((4 - (std.length % 4)) % 4);
  // The last character carries unused low bits: flipping one keeps the bytes, changes the text.
  const last = sig.at(-1) ?? 'A';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const trailing = sig.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
  return [
    `${sig}=`,
    `${sig}==`,
    ` ${sig}`,
    `${sig}\n`,
    `${sig.slice(0, 10)} ${sig.slice(10)}`,
    padded,
    trailing,
  ];
}

describe('strict base64url', () => {
  it('accepts the canonical spelling only', () => {
    expect(fromBase64UrlStrict('AQID')).toEqual(new Uint8Array([1, 2, 3]));
    expect(fromBase64UrlStrict('_-8')).toEqual(new Uint8Array([255, 239]));
    for (const bad of ['AQID=', 'AQ==', '/+8', 'AQ I', 'AQJ', 'A', 'AQ%3D'])
      expect(fromBase64UrlStrict(bad), bad).toBeNull();
  });

  it('hmacVerify and verifyLink reject other spellings of a valid signature', async () => {
    // A signature whose bytes contain + and / in standard base64, and whose length leaves spare bits.
    for (const message of ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']) {
      const raw = await hmacSign('secret', message);
      expect(await hmacVerify('secret', message, raw)).toBe(true);
      const link = await signLink(key, message);
      expect(await verifyLink(key, message, link)).toBe(true);
      for (const variant of respellings(raw)) {
        if (variant === raw) continue;
        expect(await hmacVerify('secret', message, variant), variant).toBe(false);
      }
      for (const variant of respellings(link)) {
        if (variant === link) continue;
        expect(await verifyLink(key, message, variant), variant).toBe(false);
      }
    }
  });

  it('click, open and unsubscribe tokens reject respelled signatures', async () => {
    const click = await clickToken(key, { sendId, link: 0, url: 'https://example.com/a?b=c' });
    expect(await verifyClickToken(key, click)).not.toBeNull();
    const [head, sig = ''] = [
      click.slice(0, click.lastIndexOf('.')),
      click.slice(click.lastIndexOf('.') + 1),
    ];
    for (const variant of respellings(sig))
      expect(await verifyClickToken(key, `${head}.${variant}`), variant).toBeNull();
    const open = await openToken(key, sendId);
    const openSig = open.split('.')[1] ?? '';
    for (const variant of respellings(openSig))
      expect(await verifyOpenToken(key, `${sendId}.${variant}`)).toBeNull();
    const unsub = await unsubscribeToken(key, sendId);
    const unsubSig = unsub.split('.')[1] ?? '';
    for (const variant of respellings(unsubSig))
      expect(await verifyUnsubscribeToken(key, `${sendId}.${variant}`)).toBeNull();
  });
});

describe('keys derived per purpose', () => {
  it('signs links with a key of its own, not the raw ENCRYPTION_KEY', async () => {
    expect(await signLink(key, 'open:x')).not.toBe(await hmacSign(key, 'open:x'));
    expect(await signLink(key, 'open:x')).toBe(await signLink(key, 'open:x'));
    const otherKey = Buffer.alloc(32, 8).toString('base64');
    expect(await verifyLink(otherKey, 'open:x', await signLink(key, 'open:x'))).toBe(false);
  });

  it('seals with a derived key: a v2 secret does not open as v1 with the raw key', async () => {
    const sealed = await encryptSecret(key, 'refresh-token');
    expect(sealed.startsWith('v2.')).toBe(true);
    expect(await decryptSecret(key, sealed)).toBe('refresh-token');
    await expect(decryptSecret(key, sealed.replace(/^v2\./, 'v1.'))).rejects.toThrow();
  });

  it('still opens secrets sealed with the raw key before keys were derived', async () => {
    const raw = await crypto.subtle.importKey('raw', Buffer.from(key, 'base64'), 'AES-GCM', false, [
      'encrypt',
    ]);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, raw, new TextEncoder().encode('old')),
    );
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
    expect(await decryptSecret(key, `v1.${b64(iv)}.${b64(data)}`)).toBe('old');
  });

  it('links in mail sent before keys were derived keep working; forgeries do not', async () => {
    const legacy = await hmacSign(key, `open:${sendId}`);
    expect(await verifyOpenToken(key, `${sendId}.${legacy}`)).toBe(sendId);
    expect(
      await verifyUnsubscribeToken(key, `${sendId}.${await hmacSign(key, `unsubscribe:${sendId}`)}`),
    ).toBe(sendId);
    const url = 'https://example.com/';
    const oldClick = `${sendId}.1.${Buffer.from(url).toString('base64url')}.${await hmacSign(key, `click:${sendId}:1:${url}`)}`;
    expect(await verifyClickToken(key, oldClick)).toEqual({ sendId, link: 1, url });
    expect(await verifyOpenToken(key, `${sendId}.${await hmacSign('guess', `open:${sendId}`)}`)).toBeNull();
  });

  it('reply addresses: the derived MAC, the legacy one, and nothing else', async () => {
    const address = await replyAddress(key, sendId, 'reply.example.com');
    expect(await readAddress(key, address)).toEqual({ kind: 'reply', sendId });
    const legacyHex = Buffer.from(
      await crypto.subtle.sign(
        'HMAC',
        await crypto.subtle.importKey(
          'raw',
          new TextEncoder().encode(key),
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign'],
        ),
        new TextEncoder().encode(`reply:${sendId}`),
      ),
    )
      .toString('hex')
      .slice(0, 16);
    expect(address).not.toContain(legacyHex);
    expect(await readAddress(key, `reply+${sendId}.${legacyHex}@reply.example.com`)).toEqual({
      kind: 'reply',
      sendId,
    });
    expect(await readAddress(key, `reply+${sendId}.${'0'.repeat(16)}@reply.example.com`)).toBeNull();
  });
});
