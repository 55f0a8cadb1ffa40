import type { Context } from 'hono';
import { hmacSign, hmacVerify } from '../../../lib/crypto';
import type { AppEnv } from '../../context';
import { consoleSession } from '../../middleware/console-session';
import type { Flash } from '../../views/layout';

// A message carried across a redirect in the URL is signed with the session's own secret, so a
// crafted link cannot make our page say what its author wants.
const message = (flash: Flash) => `${flash.kind}:${flash.text}`;

/** `path` with the flash and its signature appended. */
export async function withFlash(c: Context<AppEnv>, path: string, flash: Flash): Promise<string> {
  const sig = await hmacSign(consoleSession(c).csrfToken, message(flash));
  const query = new URLSearchParams({ flash: message(flash), fsig: sig });
  return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

/** The request's flash when its signature is this session's; otherwise none. */
export async function readFlash(c: Context<AppEnv>): Promise<Flash | undefined> {
  const raw = c.req.query('flash');
  const sig = c.req.query('fsig');
  if (!raw || !sig) return undefined;
  if (!(await hmacVerify(consoleSession(c).csrfToken, raw, sig))) return undefined;
  const kind = raw.startsWith('error:') ? 'error' : raw.startsWith('ok:') ? 'ok' : null;
  return kind ? { kind, text: raw.slice(kind.length + 1) } : undefined;
}
