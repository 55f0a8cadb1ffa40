import { describe, expect, it } from 'vitest';
import { CHROMIUM, useConsole } from '../helpers/browser';
import { enrolledSetup, enrollmentRow, postInbound, rawMail, sendFirst } from '../helpers/engagement';
import { newInstallation } from '../helpers/fixtures';

describe.skipIf(!CHROMIUM)('console inbound mail', () => {
  // Monday 5 January 2026: an out-of-office pause lands on a business day.
  const ui = useConsole({ start: new Date('2026-01-05T14:00:00Z') });

  it('lists inbound mail, filters unmatched, and corrects a reply that was an auto-reply', async () => {
    const s = await enrolledSetup(ui.ctx);
    const intro = await sendFirst(ui.ctx, s.enrollmentId);
    // Through the real inbound door: one reply to our send, one mail from a stranger.
    const reply = await postInbound(
      ui.ctx,
      s.token,
      rawMail({ inReplyTo: intro.messageId, body: 'Thanks, happy to talk next week.' }),
    );
    expect(reply.body).toMatchObject({ kind: 'human_reply', action: 'exited_replied' });
    await postInbound(
      ui.ctx,
      s.token,
      rawMail({ from: 'stranger@example.net', subject: 'Hello?', body: 'Who is this?' }),
    );

    const page = await ui.newPage();
    await ui.signIn(page, s.installationId);
    await page.goto(`${ui.base}/app/inbound`);
    expect(await page.locator('tbody tr').count()).toBe(2);
    await ui.check(page, 'inbound-list');
    await page.getByRole('link', { name: 'Unmatched' }).click();
    await expect.poll(() => page.url()).toContain('status=unmatched');
    expect(await page.locator('tbody').textContent()).toContain('stranger@example.net');
    expect(await page.locator('tbody tr').count()).toBe(1);

    await page.goto(`${ui.base}/app/inbound`);
    await page.getByRole('link', { name: 'Re: Intro' }).click();
    expect(await page.locator('#enrollment-state').textContent()).toContain('replied');
    await ui.check(page, 'inbound-detail');

    await page.getByLabel('New class').selectOption('auto_reply');
    await page.getByLabel('Note (optional)').fill('An assistant answered, not Ann');
    await page.getByRole('button', { name: 'Correct the class' }).click();
    expect(await page.getByRole('status').textContent()).toContain('resumed, paused_ooo');
    expect(await page.locator('#inbound-kind').textContent()).toBe('auto_reply');
    expect(await page.locator('#enrollment-state').textContent()).toContain('paused (ooo');
    expect(await page.locator('table').last().textContent()).toContain('An assistant answered, not Ann');
    await ui.check(page, 'inbound-corrected');
    expect((await enrollmentRow(ui.ctx, s.enrollmentId)).status).toBe('paused');

    // Choosing the class it already has is refused beside the field.
    await page.getByRole('button', { name: 'Correct the class' }).click();
    expect(await page.locator('.field-error').textContent()).toContain('already the class');
  });

  it("another installation's message is not found", async () => {
    const s = await enrolledSetup(ui.ctx, 'zoe@example.com');
    const intro = await sendFirst(ui.ctx, s.enrollmentId);
    const reply = await postInbound(
      ui.ctx,
      s.token,
      rawMail({ inReplyTo: intro.messageId, body: 'Yes please.' }),
    );
    const other = await newInstallation(ui.ctx, 'Other Co');
    const page = await ui.newPage();
    await ui.signIn(page, other.installationId);
    const res = await page.goto(`${ui.base}/app/inbound/${reply.body.id}`);
    expect(res?.status()).toBe(404);
    expect(await page.content()).not.toContain('Yes please');
  });
});
