import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context';
import { AppError } from '../errors';
import { hasLoneSurrogate } from './strict-json';

// Control characters (C0 and DEL) have no place in an id, a token or a query value.
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 0x20 || ch === 0x7f) return true;
  }
  return false;
}

function badSegment(decoded: string): boolean {
  return hasControl(decoded) || hasLoneSurrogate(decoded);
}

/**
 * One check for every path parameter and query value before any route sees it: percent-encoding
 * must decode to well-formed text without control characters (`%00`, `%ED%A0%80`, ...).
 */
export const inputGuard = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  for (const segment of url.pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new AppError('bad_request', 'The path has malformed percent-encoding');
    }
    if (badSegment(decoded)) throw new AppError('bad_request', 'The path contains a control character');
  }
  for (const [key, value] of url.searchParams) {
    if (badSegment(key) || badSegment(value) || value.includes('\ufffd')) {
      throw new AppError('bad_request', `Query parameter "${key.slice(0, 40)}" is not valid text`);
    }
  }
  await next();
});
