import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { type ConsoleSession, findSession, SESSION_HOURS } from '../../services/console/sessions';
import type { AppEnv } from '../context';
import { AppError } from '../errors';

export const SESSION_COOKIE = 'tandem_session';

const sessions = new WeakMap<Request, ConsoleSession>();

/** Secure everywhere but plain-http hosts other than localhost (browsers treat localhost as secure). */
function secureCookie(c: Context<AppEnv>): boolean {
  const base = new URL(c.var.deps.config.publicBaseUrl);
  return base.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(base.hostname);
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    secure: secureCookie(c),
    sameSite: 'Lax',
    maxAge: SESSION_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookie(c) });
}

/** The signed-in session of a console request (after `requireSession`). */
export function consoleSession(c: Context<AppEnv>): ConsoleSession {
  const session = sessions.get(c.req.raw);
  if (!session) throw new Error('consoleSession called on a route without requireSession');
  return session;
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function sentCsrfToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return undefined;
  }
  const form = await c.req.parseBody();
  const value = form._csrf;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Console pages: a live session or a redirect to sign-in (a 401 for non-GET and fetch calls). Every
 * request that changes something must carry the session's CSRF token (form field `_csrf` or header
 * `X-CSRF-Token`), else 403: SameSite alone does not cover same-site subdomains or old browsers.
 */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  const session = token ? await findSession(c.var.deps.db, token, c.var.deps.clock.now()) : null;
  if (!session) {
    if (c.req.method === 'GET' && (c.req.header('accept') ?? '').includes('text/html')) {
      const back = encodeURIComponent(c.req.path);
      return c.redirect(`/app/login?next=${back}`, 303);
    }
    throw new AppError('unauthorized', 'Sign in first');
  }
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const sent = await sentCsrfToken(c);
    if (!sent || !sameText(sent, session.csrfToken)) {
      throw new AppError('forbidden', 'Missing or wrong CSRF token: reload the page and try again', {
        reason: 'csrf',
      });
    }
  }
  sessions.set(c.req.raw, session);
  c.set('installationId', session.installationId);
  return next();
});

/** Admin-only console actions; reps get 403. */
export const requireConsoleAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (consoleSession(c).role !== 'admin') throw new AppError('forbidden', 'This needs an admin sign-in');
  await next();
});

/**
 * The signed-in console installation the install starts from, if any (reps cannot connect a CRM).
 * For the CRM install routes, which also serve marketplace installs and so cannot require a session.
 */
export async function consoleInstallation(c: Context<AppEnv>): Promise<{ id: string | null; rep: boolean }> {
  const token = getCookie(c, SESSION_COOKIE);
  const deps = c.get('deps');
  const session = token ? await findSession(deps.db, token, deps.clock.now()) : null;
  if (!session) return { id: null, rep: false };
  return session.role === 'admin' ? { id: session.installationId, rep: false } : { id: null, rep: true };
}
