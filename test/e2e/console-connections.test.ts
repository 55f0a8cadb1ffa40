import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installations } from '../../src/db/schema';
import { type HubSpotSandbox, SANDBOX, startHubSpotSandbox } from '../../src/entry/hubspot-sandbox';
import { startSession } from '../../src/services/console/sessions';
import { backfillJob } from '../../src/services/hubspot/sync';
import { createInstallation } from '../../src/services/installations';
import { CHROMIUM, useConsole } from '../helpers/browser';
import { newInstallation } from '../helpers/fixtures';

describe.skipIf(!CHROMIUM)('console connections in a browser', () => {
  let sandbox: HubSpotSandbox | null = null;
  // Before useConsole's own beforeAll: the app's env points at the sandbox's port.
  beforeAll(async () => {
    sandbox = await startHubSpotSandbox();
    // 200 seeded + 300 more: five pages of contacts, so the bar is seen between 0 and done.
    sandbox.fake.seed({ contacts: 300 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  const ui = useConsole({ env: () => sandbox?.env ?? {} });

  it('connects the sandbox HubSpot portal through OAuth, watches the backfill to done, then disconnects', async () => {
    const { deps } = ui.ctx;
    // As the CLI makes it: no CRM yet. Connect from its console must connect this row, not add one.
    const row = await createInstallation(ui.ctx.handle.db, { name: 'From the CLI' });
    expect(row).toMatchObject({ crm: 'none', externalId: null });
    const page = await ui.newPage();
    await ui.signIn(page, row.id);
    await page.goto(`${ui.base}/app/connections`);
    expect(await page.getByRole('heading', { name: /HubSpot/ }).textContent()).toContain('not connected');
    await ui.check(page, 'connections-not-connected');

    await page.getByRole('link', { name: 'Connect HubSpot' }).click();
    // Through HubSpot's consent and our callback, back to the console.
    await page.waitForURL(
      (u) => u.pathname === '/app/connections' && u.searchParams.get('ok') === 'connected',
    );
    const all = await ui.ctx.handle.db.select().from(installations);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      id: row.id,
      crm: 'hubspot',
      externalId: String(SANDBOX.portalId),
      connectionStatus: 'connected',
    });
    expect(await page.getByRole('heading', { name: /HubSpot/ }).textContent()).toContain('connected');
    expect(await page.getByRole('heading', { name: /HubSpot/ }).textContent()).not.toContain('not connected');
    expect(await page.locator('main').textContent()).toContain('Connected. The backfill has started');
    const status = page.locator('#backfill-text');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await status.textContent()).toBe('The backfill has not started yet.');

    // One page per job run, as the worker would run the re-enqueued job; the page polls meanwhile.
    const seen: string[] = [];
    for (let run = 0; run < 20; run++) {
      ui.ctx.clock.advance(1000);
      const outcome = await backfillJob(deps, row.id, { maxPages: 1 });
      const [contacts] = await ui.ctx.handle.db.query.crmSyncState.findMany({
        where: (s, { and, eq: is }) => and(is(s.installationId, row.id), is(s.object, 'contacts')),
      });
      const expected = outcome === 'done' ? 'Backfill done' : `Backfill: ${contacts?.done ?? 0} of`;
      await expect.poll(() => status.textContent(), { timeout: 5000 }).toContain(expected);
      seen.push((await status.textContent()) ?? '');
      if (outcome === 'done') break;
    }
    const middle = seen.filter((t) => /\((\d+(\.\d+)?)%\)/.test(t) && !t.includes('(100%)'));
    expect(middle.length).toBeGreaterThan(0);
    expect(middle.some((t) => /per second/.test(t) && /s left/.test(t))).toBe(true);
    expect(seen.at(-1)).toMatch(/^Backfill done: 5\d\d records\.$/);
    const bar = page.locator('#backfill-bar');
    expect(await bar.evaluate((b: HTMLProgressElement) => b.value === b.max)).toBe(true);
    await page.reload();
    const facts = (await page.locator('main').textContent()) ?? '';
    expect(facts).toContain('valid until');
    expect(facts).toMatch(/\d+ calls in the last 10 s/);
    expect(facts).toContain('No sync errors.');
    expect(await page.locator('script:not([src])').count()).toBe(0); // done: no more polling
    await ui.check(page, 'connections-connected');

    // Disconnect asks first, then stops sync the way a revoked token does.
    await page.getByRole('link', { name: 'Disconnect HubSpot' }).click();
    await page.waitForURL(`${ui.base}/app/connections/disconnect`);
    await ui.check(page, 'connections-disconnect-confirm');
    await page.getByRole('button', { name: 'Yes, disconnect HubSpot' }).click();
    await page.waitForURL(`${ui.base}/app/connections?ok=disconnected`);
    expect(await page.getByRole('status').first().textContent()).toContain('Disconnected');
    expect(await page.getByRole('heading', { name: /HubSpot/ }).textContent()).toContain('disconnected');
    const [after] = await ui.ctx.handle.db.select().from(installations).where(eq(installations.id, row.id));
    expect(after).toMatchObject({ connectionStatus: 'disconnected' });
    expect(after?.disconnectedReason).toMatch(/^disconnected by /);
    expect(await page.locator('main').textContent()).toContain(after?.disconnectedReason ?? '?');
    expect(await backfillJob(deps, row.id, { maxPages: 1 })).toBe('skipped');
    expect(await page.getByRole('link', { name: 'Reconnect HubSpot' }).getAttribute('href')).toBe(
      '/oauth/hubspot/install',
    );
    await ui.check(page, 'connections-disconnected');
  });

  it("another installation's session sees none of it, and a disconnect without the CSRF token is refused", async () => {
    const { installationId } = await newInstallation(ui.ctx, 'Other');
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/connections`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toContain(String(SANDBOX.portalId));
    expect(main).not.toContain('Backfill');
    const progress = await page.evaluate(async () => (await fetch('/app/connections/progress')).json());
    expect(progress).toMatchObject({ started: false, done: 0 });
    const refused = await page.evaluate(
      async () =>
        (
          await fetch('/app/connections/disconnect', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'confirm=yes',
          })
        ).status,
    );
    expect(refused).toBe(403);
    // Nothing connected here: the confirmation is a 409, not someone else's portal.
    const res = await page.goto(`${ui.base}/app/connections/disconnect`);
    expect(res?.status()).toBe(409);
  });

  it('a rep sees the connection but cannot disconnect it, even with a valid CSRF token', async () => {
    const row = await createInstallation(ui.ctx.handle.db, {
      name: 'Rep portal',
      crm: 'hubspot',
      externalId: '777',
    });
    await ui.ctx.handle.db
      .update(installations)
      .set({ connectionStatus: 'connected', tokenExpiresAt: new Date(ui.ctx.clock.now().getTime() + 60_000) })
      .where(eq(installations.id, row.id));
    const { token, session } = await startSession(ui.ctx.handle.db, {
      installationId: row.id,
      identity: 'hubspot:rep@example.test',
      label: 'rep@example.test',
      role: 'rep',
      now: ui.ctx.clock.now(),
    });
    const page = await ui.newPage();
    await page.context().addCookies([{ name: 'tandem_session', value: token, url: ui.base }]);
    await page.goto(`${ui.base}/app/connections`);
    expect(await page.getByRole('heading', { name: /HubSpot/ }).textContent()).toContain('connected');
    expect(await page.getByRole('link', { name: 'Disconnect HubSpot' }).count()).toBe(0);
    const refused = await page.evaluate(
      async (csrf) =>
        (
          await fetch('/app/connections/disconnect', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `confirm=yes&_csrf=${encodeURIComponent(csrf)}`,
          })
        ).status,
      session.csrfToken,
    );
    expect(refused).toBe(403);
    const [after] = await ui.ctx.handle.db.select().from(installations).where(eq(installations.id, row.id));
    expect(after?.connectionStatus).toBe('connected');
    await ui.check(page, 'connections-rep');
  });
});
