import { describe, expect, it } from 'vitest';
import { startSession } from '../../src/services/console/sessions';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';

// The console's guards without a browser: every page needs a session, every change a CSRF token,
// and one installation's session never reaches another's records.
describe('console guards', () => {
  const ctx = useTestContext();

  async function signedIn(installationId: string, role: 'admin' | 'rep' = 'admin') {
    const { token, session } = await startSession(ctx.handle.db, {
      installationId,
      identity: 'link',
      label: `Test ${role}`,
      role,
      now: ctx.clock.now(),
    });
    const page = (path: string, init: RequestInit = {}) =>
      ctx.app.request(path, {
        ...init,
        headers: { cookie: `tandem_session=${token}`, accept: 'text/html', ...(init.headers ?? {}) },
      });
    return { page, csrf: session.csrfToken };
  }

  it('sends a visitor without a session to sign-in, and refuses its fetch calls with 401', async () => {
    const res = await ctx.app.request('/app/sequences', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/app/login?next=%2Fapp%2Fsequences');
    const api = await ctx.app.request('/app/connections/progress', {
      headers: { accept: 'application/json' },
    });
    expect(api.status).toBe(401);
  });

  it('refuses a form without its CSRF token with 403, and takes it with the token', async () => {
    const { installationId } = await newInstallation(ctx);
    const { page, csrf } = await signedIn(installationId);
    const form = (body: string) =>
      page('/app/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await form('')).status).toBe(403);
    expect((await form('_csrf=wrong')).status).toBe(403);
    expect((await page('/app')).status).toBe(200);
    const out = await form(`_csrf=${encodeURIComponent(csrf)}`);
    expect(out.status).toBe(303);
    expect((await page('/app')).status).toBe(303);
  });

  it('ends an expired session', async () => {
    const { installationId } = await newInstallation(ctx);
    const { page } = await signedIn(installationId);
    ctx.clock.advance(13 * 3_600_000);
    expect((await page('/app')).status).toBe(303);
  });

  it('lets a rep read every page and refuses each admin change with 403, CSRF token and all', async () => {
    const { installationId } = await newInstallation(ctx);
    const { page, csrf } = await signedIn(installationId, 'rep');
    for (const path of [
      '/app',
      '/app/connections',
      '/app/sequences',
      '/app/enrollments',
      '/app/inbound',
      '/app/suppressions',
      '/app/scoring',
      '/app/settings',
    ]) {
      expect({ path, status: (await page(path)).status }).toEqual({ path, status: 200 });
    }
    // Ids need not exist: the role is refused before any lookup.
    const adminOnly = [
      '/app/connections/disconnect',
      '/app/sequences',
      '/app/sequences/seq_x',
      '/app/sequences/seq_x/draft',
      '/app/enrollments/enr_x/remove',
      '/app/inbound/inb_x/correct',
      '/app/suppressions/con_x/lift',
      '/app/scoring/mdl_x/draft',
      '/app/scoring/mdl_x/publish',
      '/app/settings/cadence',
      '/app/settings/reply-policy',
    ];
    for (const path of adminOnly) {
      const res = await page(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(csrf)}&confirm=yes&reason=x&name=x`,
      });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(await res.text()).toContain('admin sign-in');
    }
  });

  it('shows a flash from the URL only when this session signed it', async () => {
    const { installationId } = await newInstallation(ctx);
    const { page, csrf } = await signedIn(installationId);
    const crafted = new URLSearchParams({
      flash: 'error:Your account is locked, call 555-0100',
      fsig: 'AAAA',
    });
    expect(await (await page(`/app/enrollments?${crafted}`)).text()).not.toContain('call 555-0100');
    const { hmacSign } = await import('../../src/lib/crypto');
    const other = new URLSearchParams({
      flash: 'error:Your account is locked, call 555-0100',
      fsig: await hmacSign('another session', 'error:Your account is locked, call 555-0100'),
    });
    expect(await (await page(`/app/enrollments?${other}`)).text()).not.toContain('call 555-0100');
    const signed = new URLSearchParams({ flash: 'ok:Enrolled.', fsig: await hmacSign(csrf, 'ok:Enrolled.') });
    expect(await (await page(`/app/enrollments?${signed}`)).text()).toContain('Enrolled.');
  });
});
