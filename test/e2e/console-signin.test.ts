import { describe, expect, it } from 'vitest';
import { createInstallation } from '../../src/services/installations';
import { CHROMIUM, useConsole } from '../helpers/browser';
import { TEST_KEY } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';
import { spawnEntry } from '../helpers/processes';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';

// The fake org listens on loopback, so the browser itself goes through its consent redirect.
const org = await startFakeOrg();

describe.skipIf(!CHROMIUM)('console sign-in in a browser', () => {
  const ui = useConsole({ env: SALESFORCE_ENV(org.url) });
  useFakeSalesforce(ui.ctx, org);

  async function cli(argv: string[]): Promise<{ code: number | null; out: string }> {
    const env = {
      DATABASE_URL: ui.ctx.url,
      ENCRYPTION_KEY: TEST_KEY,
      PUBLIC_BASE_URL: ui.base,
      LOG_LEVEL: 'silent',
    };
    const run = spawnEntry('src/entry/cli.ts', argv, env);
    return { code: await run.exited, out: run.output() };
  }

  it('signs in with the link `npm run cli -- login-link` prints, once', async () => {
    const { installationId } = await newInstallation(ui.ctx, 'Linked Co');
    const printed = await cli(['login-link', '--installation', installationId]);
    expect(printed.code).toBe(0);
    const link = printed.out.trim();
    expect(link).toMatch(new RegExp(`^${ui.base}/app/login/link\\?token=ll_[\\w-]+$`));

    const page = await ui.newPage();
    await page.goto(link);
    await ui.check(page, 'login-link');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${ui.base}/app`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Linked Co');

    const again = await ui.newPage();
    await again.goto(link);
    await again.getByRole('button', { name: 'Sign in' }).click();
    expect(await again.getByRole('alert').textContent()).toContain('unknown, used or expired');
  });

  it('refuses an unknown installation with exit 2 and one line', async () => {
    const printed = await cli(['login-link', '--installation', 'ins_nope']);
    expect(printed).toEqual({ code: 2, out: 'No installation ins_nope\n' });
    const missing = await cli(['login-link']);
    expect(missing).toEqual({ code: 2, out: 'Missing --installation\n' });
  });

  it("signs in with Salesforce into the org's installation, and refuses an org without one", async () => {
    const page = await ui.newPage();
    await page.goto(`${ui.base}/app/login`);
    await page.getByRole('link', { name: 'Sign in with Salesforce' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/app/login/salesforce/callback');
    expect(await page.getByRole('alert').textContent()).toContain(
      `Tandem is not installed in Salesforce org ${org.fake.state.orgId}`,
    );
    await ui.check(page, 'sign-in-refused');

    await createInstallation(ui.ctx.handle.db, {
      name: 'Org Co',
      crm: 'salesforce',
      externalId: org.fake.state.orgId,
    });
    await page.getByRole('link', { name: 'Sign in with Salesforce' }).click();
    await page.waitForURL(`${ui.base}/app`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Org Co');
    expect(await page.textContent('body')).toContain('admin@example.test');
  });
});
