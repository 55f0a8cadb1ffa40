import { describe, expect, it } from 'vitest';
import { CHROMIUM, useConsole } from '../helpers/browser';
import { newInstallation } from '../helpers/fixtures';
import { drainScoring, publishedModel, recordEvent } from '../helpers/scoring';

const model = {
  name: 'Inbound',
  halfLifeDays: null,
  rules: [
    {
      id: 'clicked',
      label: 'Clicked a link',
      kind: 'event',
      event: 'email_clicked',
      points: 5,
      maxPoints: 15,
    },
    { id: 'demo', label: 'Booked a meeting', kind: 'event', event: 'meeting_booked', points: 40 },
  ],
  thresholds: [{ id: 'mql', label: 'MQL', score: 50, hysteresis: 10, direction: 'up', actions: [] }],
};

describe.skipIf(!CHROMIUM)('console scoring in a browser', () => {
  const ui = useConsole();

  it('edits the draft, replays it as a chart with crossings, and publishes it', async () => {
    const { installationId, api } = await newInstallation(ui.ctx, 'Scoring Co');
    const { modelId } = await publishedModel(api, model);
    // Three contacts: 50 (above MQL), 10, and 40 (crosses MQL once a meeting is worth 50).
    const plan: Array<Array<'clicked' | 'meeting_booked'>> = [
      ['meeting_booked', 'clicked', 'clicked'],
      ['clicked', 'clicked'],
      ['meeting_booked'],
    ];
    for (const [i, events] of plan.entries()) {
      const created = await api.post('/v1/contacts', { email: `p${i}@example.com`, firstName: `P${i}` });
      expect(created.status).toBeLessThan(300);
      for (const type of events) {
        await recordEvent(ui.ctx, { installationId, contactId: created.body.id as string, type });
      }
    }
    await drainScoring(ui.ctx);

    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/scoring`);
    await ui.check(page, 'scoring-list');
    await page.locator('#main').getByRole('link', { name: 'Inbound' }).click();
    await page.waitForURL(`${ui.base}/app/scoring/${modelId}`);
    expect(await page.locator('[data-document]').textContent()).toContain('Booked a meeting');
    await ui.check(page, 'scoring-model');

    // A bad edit: the problem shows beside the field with its path.
    const draft = page.getByLabel('Model definition (JSON)');
    const bad = structuredClone(model);
    (bad.rules[1] as { points: unknown }).points = 'lots';
    await draft.fill(JSON.stringify(bad, null, 2));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/flash=ok/);
    expect(await page.locator('#draft-error').textContent()).toContain('rules[1].points');
    expect(await draft.getAttribute('aria-invalid')).toBe('true');
    await ui.check(page, 'scoring-draft-invalid');

    // Not JSON at all: refused, the text kept.
    await draft.fill('{ nope');
    await page.getByRole('button', { name: 'Save draft' }).click();
    expect(await page.locator('#draft-error').textContent()).toContain('Not valid JSON');
    expect(await draft.inputValue()).toBe('{ nope');

    // The good edit: a meeting is now worth 50.
    const good = structuredClone(model);
    good.rules[1] = { ...(good.rules[1] as (typeof model.rules)[1]), points: 50 };
    await draft.fill(JSON.stringify(good, null, 2));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/flash=ok%3ADraft\+saved&/);
    expect(await page.locator('#draft-error').count()).toBe(0);

    await page.getByRole('button', { name: 'Run what-if replay' }).click();
    const chart = page.locator('svg[data-chart="distribution"]');
    await chart.waitFor();
    expect(await chart.locator('title').first().textContent()).toContain('Score distribution');
    // Both series are drawn, and each counts all three contacts.
    for (const series of ['now', 'draft']) {
      const bars = chart.locator(`g[data-series="${series}"] rect`);
      expect(await bars.count()).toBe(10);
    }
    const desc = (await chart.locator('desc').textContent()) ?? '';
    expect(desc).toContain('for 3 contacts');
    // Now: 10, 40, 50; with the draft: 10, 50, 60. Bins are 6 wide (top score 60).
    expect(desc).toContain('36–42: 1 now, 0 with the draft');
    const mql = page.locator('[data-table="crossings"] tr[data-threshold="mql"]');
    expect(await mql.locator('[data-up]').textContent()).toBe('1');
    expect(await mql.locator('[data-down]').textContent()).toBe('0');
    await ui.check(page, 'scoring-replay');

    await page.getByRole('button', { name: 'Publish draft' }).click();
    await page.waitForURL(/flash=ok%3APublished/);
    expect(await page.getByRole('status').textContent()).toContain('Published version 2');
    expect(await page.locator('[data-document]').textContent()).toContain('50');
    await ui.check(page, 'scoring-published');
  });

  it('answers 404 for another installation model', async () => {
    const mine = await newInstallation(ui.ctx, 'Mine');
    const theirs = await newInstallation(ui.ctx, 'Theirs');
    const { modelId } = await publishedModel(theirs.api, model);
    const page = await ui.newPage();
    await ui.signIn(page, mine.installationId);
    const res = await page.goto(`${ui.base}/app/scoring/${modelId}`);
    expect(res?.status()).toBe(404);
  });
});
