import { describe, expect, it } from 'vitest';
import { CHROMIUM, useConsole } from '../helpers/browser';
import { newInstallation } from '../helpers/fixtures';

describe.skipIf(!CHROMIUM)('console sequences in a browser', () => {
  const ui = useConsole();

  it('creates a sequence, shows a publish error beside its field, publishes after the fix, previews the calendar', async () => {
    const { installationId, api } = await newInstallation(ui.ctx, 'Acme Robotics');
    const tpl = await api.post('/v1/templates', { name: 'Intro mail', subject: 'Hi', html: '<p>Hi</p>' });
    expect(tpl.status).toBe(201);
    const page = await ui.newPage();
    await ui.signIn(page, installationId);

    await page.goto(`${ui.base}/app/sequences`);
    await ui.check(page, 'sequences-list');
    await page.getByLabel('Name').fill('Onboarding');
    await page.getByRole('button', { name: 'Create sequence' }).click();
    await page.waitForURL(/\/app\/sequences\/seq_[^/?]+\?ok=created$/);
    const editorUrl = page.url().split('?')[0]!;

    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByRole('button', { name: 'Remove step 1' }).waitFor();
    await page.locator('#step-0-key').fill('intro');
    await page.locator('#step-0-templateId').selectOption({ label: 'Intro mail' });
    await page.getByRole('button', { name: 'Add step' }).click();
    await page.getByRole('button', { name: 'Remove step 2' }).waitFor();
    await page.locator('#step-1-key').fill('follow-up');
    await page.locator('#step-1-delay').fill('2');
    await page.locator('#step-1-delayUnit').selectOption('business_days');
    // Step 2 keeps "(none)" as its template: publish must refuse it, beside that field.
    await page.getByRole('button', { name: 'Save and publish' }).click();
    const error = page.locator('#step-1-templateId-error');
    await error.waitFor();
    expect((await error.textContent())?.length).toBeGreaterThan(0);
    expect(await page.locator('#step-1-templateId').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#step-0-templateId').getAttribute('aria-invalid')).toBeNull();
    const summaryLink = page.getByRole('alert').locator('a[href="#step-1-templateId"]');
    expect(await summaryLink.count()).toBe(1);
    expect(await page.locator('#step-1-delay').inputValue()).toBe('2');
    await ui.check(page, 'sequence-editor-error');

    await page.locator('#step-1-templateId').selectOption({ label: 'Intro mail' });
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.waitForURL(`${editorUrl}?ok=published`);
    expect(await page.getByRole('status').textContent()).toContain('Published');
    expect(await page.locator('#step-1-templateId-error').count()).toBe(0);
    expect(await page.locator('.versions li').count()).toBe(1);
    expect(await page.locator('.versions summary').textContent()).toContain('Version 1');
    await ui.check(page, 'sequence-editor-published');

    await page.getByRole('link', { name: 'Send calendar preview' }).click();
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/zone=Europe%2FBerlin/);
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('td').first().textContent()).toBe('intro');
    expect(await rows.nth(1).locator('td').first().textContent()).toBe('follow-up');
    expect(await rows.nth(1).locator('.reasons li').count()).toBeGreaterThan(0);
    expect(await rows.nth(1).locator('.reasons li').textContent()).toContain('business days');
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toContain('Europe/Berlin');
    await ui.check(page, 'sequence-preview');

    await page.goto(`${ui.base}/app/sequences`);
    expect(await page.locator('table tbody').textContent()).toContain('Onboarding');
    expect(await page.locator('table tbody .badge.ok').count()).toBe(1);
  });

  it('answers 404 for another installation sequence and its preview', async () => {
    const mine = await newInstallation(ui.ctx, 'Mine');
    const theirs = await newInstallation(ui.ctx, 'Theirs');
    const created = await theirs.api.post('/v1/sequences', { name: 'Secret plan' });
    expect(created.status).toBe(201);
    const page = await ui.newPage();
    await ui.signIn(page, mine.installationId);
    for (const path of ['', '/preview?zone=UTC']) {
      const res = await page.goto(`${ui.base}/app/sequences/${created.body.id}${path}`);
      expect(res?.status()).toBe(404);
      expect(await page.content()).not.toContain('Secret plan');
    }
    await page.goto(`${ui.base}/app/sequences`);
    expect(await page.content()).not.toContain('Secret plan');
  });

  it('refuses a JSON draft that does not parse and keeps the text', async () => {
    const { installationId, api } = await newInstallation(ui.ctx);
    const created = await api.post('/v1/sequences', { name: 'Json' });
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/sequences/${created.body.id}`);
    await page.getByLabel('Draft JSON').fill('{"steps": [');
    await page.getByRole('button', { name: 'Save JSON draft' }).click();
    await page.locator('#draft-json-error').waitFor();
    expect(await page.getByLabel('Draft JSON').inputValue()).toBe('{"steps": [');
    await page
      .getByLabel('Draft JSON')
      .fill('{"steps": [{"key": "wait-a-bit", "kind": "wait", "delay": {"amount": 3, "unit": "days"}}]}');
    await page.getByRole('button', { name: 'Save JSON draft' }).click();
    await page.waitForURL(/ok=saved/);
    expect(await page.locator('#step-0-key').inputValue()).toBe('wait-a-bit');
    expect(await page.locator('#step-0-kind').inputValue()).toBe('wait');
  });

  it('puts a bad delay error beside that step delay, and a path with no form field under the JSON', async () => {
    const { installationId, api } = await newInstallation(ui.ctx);
    const created = await api.post('/v1/sequences', {
      name: 'Delays',
      draft: { steps: [{ key: 'call', kind: 'task', subject: 'Call', delay: { amount: 0, unit: 'days' } }] },
    });
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/sequences/${created.body.id}`);
    await page.locator('#step-0-delay').fill('-3');
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.locator('#step-0-delay-error').waitFor();
    expect(await page.locator('#step-0-delay').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#step-0-delay').inputValue()).toBe('-3');
    expect(await page.locator('.versions li').count()).toBe(0);

    await page
      .getByLabel('Draft JSON')
      .fill('{"steps": [{"key": "call", "kind": "task", "delay": {"amount": 1, "unit": "days"}}]}');
    await page.getByRole('button', { name: 'Save JSON draft' }).click();
    await page.waitForURL(/ok=saved/);
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.locator('#draft-json-error').waitFor();
    expect(await page.locator('#draft-json-error').textContent()).toContain('steps.0.subject');
    expect(await page.getByRole('alert').locator('a[href="#draft-json"]').count()).toBeGreaterThan(0);
  });
});
