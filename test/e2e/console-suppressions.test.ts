import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { consoleSessions, contacts, sends, suppressionLifts } from '../../src/db/schema';
import { CHROMIUM, useConsole } from '../helpers/browser';
import { enrolledSetup, sendFirst } from '../helpers/engagement';

describe.skipIf(!CHROMIUM)('console suppressions', () => {
  const ui = useConsole();

  it('lifts a suppression with a reason: gone from the list, in the lifted audit', async () => {
    const s = await enrolledSetup(ui.ctx);
    const send = await sendFirst(ui.ctx, s.enrollmentId);
    const db = ui.ctx.handle.db;
    await db
      .update(contacts)
      .set({ suppressedAt: new Date('2026-03-01T10:00:00Z'), suppressionReason: 'hard_bounced' })
      .where(eq(contacts.id, s.contactId));
    await db
      .update(sends)
      .set({ status: 'unknown', error: 'connection reset after DATA' })
      .where(eq(sends.id, send.id));

    const page = await ui.newPage();
    await ui.signIn(page, s.installationId);
    await page.goto(`${ui.base}/app/suppressions`);
    expect(await page.locator('#suppressed + p + div').textContent()).toContain('ann@example.com');
    expect(await page.locator('#unknown-sends ~ div').textContent()).toContain(send.messageId);
    await ui.check(page, 'suppressions');

    // A lift without a reason is refused beside the field (the browser's own check bypassed).
    await page.locator('form[action$="/lift"]').evaluate((f) => f.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Lift' }).click();
    expect(await page.locator('.field-error').textContent()).toContain('Say why');
    await ui.check(page, 'suppressions-error');

    await page.getByLabel('Reason to lift ann@example.com').fill('Mailbox fixed, confirmed by phone');
    await page.getByRole('button', { name: 'Lift' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Suppression lifted: ann@example.com');
    expect(await page.getByText('No suppressed contacts.').count()).toBe(1);
    const lifted = await page.locator('#lifted + div').textContent();
    expect(lifted).toContain('Mailbox fixed, confirmed by phone');
    expect(lifted).toContain('hard_bounced');
    await ui.check(page, 'suppressions-lifted');
    const [lift] = await db.select().from(suppressionLifts);
    expect(lift).toMatchObject({ contactId: s.contactId, reason: 'Mailbox fixed, confirmed by phone' });
    expect(
      (await db.select().from(contacts).where(eq(contacts.id, s.contactId)))[0]?.suppressedAt,
    ).toBeNull();
  });

  it('a rep sees the suppressions but cannot lift one', async () => {
    const s = await enrolledSetup(ui.ctx, 'rep-view@example.com');
    const db = ui.ctx.handle.db;
    await db
      .update(contacts)
      .set({ suppressedAt: new Date('2026-03-01T10:00:00Z'), suppressionReason: 'unsubscribed' })
      .where(eq(contacts.id, s.contactId));
    const page = await ui.newPage();
    await ui.signIn(page, s.installationId);
    await db
      .update(consoleSessions)
      .set({ role: 'rep' })
      .where(eq(consoleSessions.installationId, s.installationId));
    await page.goto(`${ui.base}/app/suppressions`);
    expect(await page.locator('#suppressed + p + div').textContent()).toContain('rep-view@example.com');
    expect(await page.getByRole('button', { name: 'Lift' }).count()).toBe(0);
    await ui.check(page, 'suppressions-rep');
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const res = await page.request.post(`${ui.base}/app/suppressions/${s.contactId}/lift`, {
      form: { _csrf: csrf ?? '', reason: 'trying' },
    });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('needs an admin sign-in'); // not a CSRF refusal
    expect(
      (await db.select().from(contacts).where(eq(contacts.id, s.contactId)))[0]?.suppressedAt,
    ).not.toBeNull();
  });
});
