import { describe, expect, it } from 'vitest';
import { crmPipelines } from '../../src/db/schema';
import { CHROMIUM, useConsole } from '../helpers/browser';
import { newInstallation } from '../helpers/fixtures';

describe.skipIf(!CHROMIUM)('console settings in a browser', () => {
  const ui = useConsole();

  it('refuses a bad cadence window beside its field, then saves a good one', async () => {
    const { installationId, api } = await newInstallation(ui.ctx, 'Settings Co');
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/settings`);
    await ui.check(page, 'settings');

    const end = page.getByLabel('Window end');
    await end.fill('08:00');
    await page.getByLabel('Minimum spacing (hours)').fill('lots');
    await page.getByRole('button', { name: 'Save cadence' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Not saved');
    expect(await page.locator('#minSpacingHours-error').textContent()).toBeTruthy();
    expect(await page.getByLabel('Minimum spacing (hours)').getAttribute('aria-invalid')).toBe('true');
    // The typed values are kept for correction.
    expect(await page.getByLabel('Minimum spacing (hours)').inputValue()).toBe('lots');
    await ui.check(page, 'settings-invalid');
    // Nothing was stored.
    expect((await api.get('/v1/settings/cadence')).body.window.end).not.toBe('08:00');

    await page.getByLabel('Window start').fill('08:00');
    await page.getByLabel('Window end').fill('16:30');
    await page.getByLabel('Minimum spacing (hours)').fill('12');
    await page.getByRole('button', { name: 'Save cadence' }).click();
    await page.waitForURL(/ok=cadence/);
    expect(await page.getByRole('status').textContent()).toContain('Cadence saved');
    expect(await page.getByLabel('Window end').inputValue()).toBe('16:30');
    const stored = (await api.get('/v1/settings/cadence')).body;
    expect(stored.window).toMatchObject({ start: '08:00', end: '16:30' });
    expect(stored.minSpacingHours).toBe(12);
    await ui.check(page, 'settings-saved');
  });

  it('shows a window end before its start beside the end field', async () => {
    const { installationId } = await newInstallation(ui.ctx);
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/settings`);
    await page.getByLabel('Window start').fill('10:00');
    await page.getByLabel('Window end').fill('09:00');
    await page.getByRole('button', { name: 'Save cadence' }).click();
    expect(await page.locator('#end-error').textContent()).toBeTruthy();
    expect(await page.getByLabel('Window end').getAttribute('aria-invalid')).toBe('true');
  });

  it('saves the reply policy, and refuses a scope outside the two beside its field', async () => {
    const { installationId, api } = await newInstallation(ui.ctx);
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/settings`);
    await page.getByLabel('A human reply ends').selectOption('enrollment');
    await page.getByLabel(/colleagues at the same company domain/).check();
    await page.getByRole('button', { name: 'Save reply policy' }).click();
    await page.waitForURL(/ok=reply/);
    expect(await page.getByRole('status').textContent()).toContain('Reply policy saved');
    expect((await api.get('/v1/settings/reply-policy')).body).toMatchObject({
      replyScope: 'enrollment',
      accountStop: true,
    });
    // A forged value (the select offers only two) is refused beside the field, nothing stored.
    await page
      .locator('select[name="oooScope"]')
      .evaluate((el) =>
        el.appendChild(Object.assign(document.createElement('option'), { value: 'account', selected: true })),
      );
    await page.getByRole('button', { name: 'Save reply policy' }).click();
    expect(await page.locator('#oooScope-error').textContent()).toContain('Choose one');
    expect((await api.get('/v1/settings/reply-policy')).body.oooScope).not.toBe('account');
    await ui.check(page, 'settings-reply-invalid');
  });

  it('sets a deal stage of a pipeline, and refuses a stage the CRM does not have', async () => {
    const { installationId, api } = await newInstallation(ui.ctx);
    await ui.ctx.handle.db.insert(crmPipelines).values({
      installationId,
      externalId: 'default',
      label: 'Sales Pipeline',
      stages: [
        { id: 'contractsent', label: 'Contract sent', closed: false, won: false },
        { id: 'closedwon', label: 'Closed won', closed: true, won: true },
      ],
      updatedAt: ui.ctx.clock.now(),
    });
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/settings`);
    await page.getByLabel('Stage: Contract sent').selectOption('none');
    await page.getByLabel('A lost deal').selectOption('exit');
    await page.getByRole('button', { name: 'Save Sales Pipeline' }).click();
    await page.waitForURL(/ok=deals/);
    expect(await page.getByRole('status').textContent()).toContain('Deal-stage rules saved');
    const stored = (await api.get('/v1/settings/deal-stages')).body;
    expect(stored.settings.pipelines.default).toMatchObject({
      lost: 'exit',
      stages: { contractsent: 'none' },
    });
    await ui.check(page, 'settings-deals');

    // A stage the CRM does not have (a forged field) is refused and nothing is stored.
    await page.locator('form[data-pipeline="default"]').evaluate((form) => {
      const select = document.createElement('select');
      select.name = 'stage:ghost';
      select.appendChild(Object.assign(document.createElement('option'), { value: 'won', selected: true }));
      form.appendChild(select);
    });
    await page.getByRole('button', { name: 'Save Sales Pipeline' }).click();
    expect(await page.locator('form[data-pipeline="default"] .field-error').first().textContent()).toContain(
      'ghost',
    );
    const after = (await api.get('/v1/settings/deal-stages')).body;
    expect(after.settings.pipelines.default.stages.ghost).toBeUndefined();
  });
});
