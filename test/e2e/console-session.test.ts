import { describe, expect, it } from 'vitest';
import { CHROMIUM, useConsole } from '../helpers/browser';
import { newInstallation } from '../helpers/fixtures';

describe.skipIf(!CHROMIUM)('console sessions in a browser', () => {
  const ui = useConsole();

  it('signs in by a one-time login link, shows the overview, and signs out', async () => {
    const { installationId } = await newInstallation(ui.ctx, 'Acme Robotics');
    const page = await ui.newPage();
    await page.goto(`${ui.base}/app/sequences`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/login');
    await ui.check(page, 'sign-in');

    await ui.signIn(page, installationId);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Robotics');
    await ui.check(page, 'overview');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'tandem_session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/login');
    await page.goto(`${ui.base}/app`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/login');
  });

  it('refuses a login link a second time', async () => {
    const { installationId } = await newInstallation(ui.ctx);
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    const other = await ui.newPage();
    const { createLoginLink } = await import('../../src/services/console/sessions');
    const { token } = await createLoginLink(ui.ctx.handle.db, { installationId, now: ui.ctx.clock.now() });
    await other.goto(`${ui.base}/app/login/link?token=${token}`);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.waitForURL(`${ui.base}/app`);
    await other.goto(`${ui.base}/app/login/link?token=${token}`);
    await other.getByRole('button', { name: 'Sign in' }).click();
    expect(await other.getByRole('alert').textContent()).toContain('unknown, used or expired');
  });
});
