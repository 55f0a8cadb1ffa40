/** WebCrypto only: this file must also run on Cloudflare Workers. */
const encoder = new TextEncoder();
const decoder = new TextDecoder();
type Key = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function bytesOf(binary: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Lenient (either alphabet, padding optional): for keys from configuration only. */
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const normal = text.replaceAll('-', '+').replaceAll('_', '/');
  return bytesOf(atob(normal + '='.repeat((4 - (normal.length % 4)) % 4)));
}

/**
 * Canonical unpadded base64url or null: no padding, whitespace, `+` `/` or non-zero trailing bits,
 * so every value has exactly one spelling that a signature check accepts.
 */
export function fromBase64UrlStrict(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64(text);
  } catch {
    return null;
  }
  return toBase64Url(bytes) === text ? bytes : null;
}

/** Compares without an early exit, so timing does not reveal how much matched. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function randomToken(bytes = 24): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// --- HMAC with a caller's secret (webhook signatures and the like) ----------------------------

// A process signs with a handful of secrets (the key, an app secret): each is imported once.
const hmacKeys = new Map<string, Promise<Key>>();

function hmacKey(secret: string): Promise<Key> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    if (hmacKeys.size >= 64) hmacKeys.clear();
    hmacKeys.set(secret, key);
  }
  return key;
}

async function macBytes(key: Key, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

/** The raw HMAC-SHA-256 of `message` under `secret` (callers pick the encoding their peer uses). */
export async function hmacBytes(secret: string, message: string): Promise<Uint8Array> {
  return macBytes(await hmacKey(secret), message);
}

export async function hmacSign(secret: string, message: string): Promise<string> {
  return toBase64Url(await macBytes(await hmacKey(secret), message));
}

/** Accepts only the canonical base64url spelling of the signature; compares in constant time. */
export async function hmacVerify(secret: string, message: string, signature: string): Promise<boolean> {
  const given = fromBase64UrlStrict(signature);
  if (!given) return false;
  return sameBytes(await macBytes(await hmacKey(secret), message), given);
}

// --- keys derived from ENCRYPTION_KEY, one per purpose (HKDF-SHA-256) --------------------------

/** Each purpose gets its own key, so a MAC never doubles as anything the sealing key protects. */
export type KeyPurpose = 'link-signing' | 'secret-sealing';
const HKDF_SALT = encoder.encode('tandem/hkdf/v1');
const derived = new Map<string, Promise<Key>>();

/** HKDF over the UTF-8 bytes of the configured secret, `info` naming the purpose. */
export function deriveKey(secret: string, purpose: KeyPurpose): Promise<Key> {
  const id = `${purpose}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    key = (async () => {
      const master = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, [
        'deriveKey',
      ]);
      const params = {
        name: 'HKDF',
        hash: 'SHA-256',
        salt: HKDF_SALT,
        info: encoder.encode(`tandem/${purpose}`),
      };
      return purpose === 'link-signing'
        ? crypto.subtle.deriveKey(params, master, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, [
            'sign',
          ])
        : crypto.subtle.deriveKey(params, master, { name: 'AES-GCM', length: 256 }, false, [
            'encrypt',
            'decrypt',
          ]);
    })();
    key.catch(() => derived.delete(id));
    derived.set(id, key);
  }
  return key;
}

/** The MAC of links and addresses in our mail, with the link-signing key derived from `secret`. */
export async function linkMac(secret: string, message: string): Promise<Uint8Array> {
  return macBytes(await deriveKey(secret, 'link-signing'), message);
}

/**
 * The MAC of mail sent before keys were derived: HMAC keyed with the raw secret. Verification only
 * (links already in inboxes must keep working); nothing new is signed with it.
 */
export async function legacyLinkMac(secret: string, message: string): Promise<Uint8Array> {
  return macBytes(await hmacKey(secret), message);
}

export async function signLink(secret: string, message: string): Promise<string> {
  return toBase64Url(await linkMac(secret, message));
}

/** Canonical base64url only, constant-time; accepts the derived key's MAC or the legacy one. */
export async function verifyLink(secret: string, message: string, signature: string): Promise<boolean> {
  const given = fromBase64UrlStrict(signature);
  if (!given) return false;
  const current = sameBytes(await linkMac(secret, message), given);
  const legacy = sameBytes(await legacyLinkMac(secret, message), given);
  return current || legacy;
}

// --- sealed secrets -----------------------------------------------------------------------------

async function rawAesKey(base64Key: string): Promise<Key> {
  return crypto.subtle.importKey('raw', fromBase64(base64Key), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/**
 * AES-256-GCM with the sealing key derived from ENCRYPTION_KEY; output `v2.<iv>.<ciphertext>` in
 * base64url. Used for OAuth tokens and other secrets at rest.
 */
export async function encryptSecret(base64Key: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await deriveKey(base64Key, 'secret-sealing'),
    encoder.encode(plaintext),
  );
  return `v2.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** Opens `v2` (derived key) and `v1` (sealed with the raw key before keys were derived). */
export async function decryptSecret(base64Key: string, sealed: string): Promise<string> {
  const [version, ivText, dataText, ...rest] = sealed.split('.');
  const iv = fromBase64UrlStrict(ivText ?? '');
  const data = fromBase64UrlStrict(dataText ?? '');
  if ((version !== 'v1' && version !== 'v2') || rest.length > 0 || !iv || !data)
    throw new Error('Unrecognised secret format');
  const key = version === 'v2' ? await deriveKey(base64Key, 'secret-sealing') : await rawAesKey(base64Key);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, data);
  return decoder.decode(plain);
}
