import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, hmacSign, hmacVerify, sha256Hex } from '../../../src/lib/crypto';

const key = Buffer.alloc(32, 1).toString('base64');

describe('crypto', () => {
  it('seals and opens a secret, with a fresh IV each time', async () => {
    const a = await encryptSecret(key, 'refresh-token-123');
    const b = await encryptSecret(key, 'refresh-token-123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('refresh-token');
    expect(await decryptSecret(key, a)).toBe('refresh-token-123');
  });

  it('refuses a tampered or foreign-key secret', async () => {
    const sealed = await encryptSecret(key, 'x');
    const other = Buffer.alloc(32, 2).toString('base64');
    await expect(decryptSecret(other, sealed)).rejects.toThrow();
    const tampered = `${sealed.slice(0, -2)}AA`;
    await expect(decryptSecret(key, tampered)).rejects.toThrow();
  });

  it('verifies only matching HMAC signatures', async () => {
    const sig = await hmacSign('secret', 'payload');
    expect(await hmacVerify('secret', 'payload', sig)).toBe(true);
    expect(await hmacVerify('secret', 'payload!', sig)).toBe(false);
    expect(await hmacVerify('other', 'payload', sig)).toBe(false);
    expect(await hmacVerify('secret', 'payload', 'garbage%%')).toBe(false);
  });

  it('hashes with SHA-256', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
