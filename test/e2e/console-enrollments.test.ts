import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../src/db/schema';
import { CHROMIUM, useConsole } from '../helpers/browser';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

describe.skipIf(!CHROMIUM)('console enrollments in a browser', () => {
  const ui = useConsole();

  it('enrolls through the form, tells the story of the send and the next step, pauses and resumes', async () => {
    const { installationId, api } = await newInstallation(ui.ctx, 'Acme');
    await api.post('/v1/contacts', {
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      timeZone: 'America/New_York',
    });
    await publishedSequence(api, [
      { key: 'intro', subject: 'Hello from Acme', delay: { amount: 0, unit: 'minutes' } },
      { key: 'follow', subject: 'Following up', delay: { amount: 2, unit: 'days' } },
    ]);
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/enrollments`);

    // An unknown email is refused with a flash, not a crash.
    await page.getByLabel('Contact email').fill('nobody@example.com');
    await page.getByRole('button', { name: 'Enroll' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('No contact with that email');

    await page.getByLabel('Contact email').fill('ada@example.com');
    await page.getByRole('button', { name: 'Enroll' }).click();
    await page.waitForURL(/\/app\/enrollments\/enr_/);
    expect(await page.getByRole('status').textContent()).toContain('Enrolled.');
    const storyUrl = page.url().split('?')[0] ?? '';

    // Enrolling again says so: the form shows the service's answer.
    await page.goto(`${ui.base}/app/enrollments`);
    await page.getByLabel('Contact email').fill('ada@example.com');
    await page.getByRole('button', { name: 'Enroll' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Already enrolled');

    await drainJobs(ui.ctx, 1);
    expect(ui.ctx.sink.messages.map((m) => m.subject)).toEqual(['Hello from Acme']);

    await page.goto(`${ui.base}/app/enrollments?q=lovelace&status=active`);
    const row = page.getByRole('row').filter({ hasText: 'ada@example.com' });
    expect(await row.textContent()).toContain('follow');
    await ui.check(page, 'enrollments-list');
    await page.goto(`${ui.base}/app/enrollments?q=nobody`);
    expect(await page.locator('caption').textContent()).toContain('No enrollment matches');

    await page.goto(storyUrl);
    const send = page.locator('#story tr.send');
    expect(await send.textContent()).toContain('Email sent: “Hello from Acme”');
    expect(await send.textContent()).toContain('zone America/New_York');
    // Times in UTC and on the contact's clock.
    expect(await send.textContent()).toMatch(/UTC · .+\(America\/New_York\)/);
    // The send sits before the event that recorded it, not after later transitions.
    const rows = await page.locator('#story tbody tr').allTextContents();
    const at = rows.findIndex((r) => r.includes('Email sent'));
    expect(rows[at + 1]).toContain('email_sent: active → active');
    const next = await page.locator('#next-step').textContent();
    expect(next).toContain('follow');
    expect(next).toContain('Waits 2 days after the previous step.');
    await ui.check(page, 'enrollment-story');

    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Paused.');
    await page.getByRole('button', { name: 'Resume' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Resumed.');
    const events = await page.locator('#story tr.event').allTextContents();
    expect(events.some((e) => e.includes('active → paused') && e.includes('console:'))).toBe(true);
    expect(events.some((e) => e.includes('paused → active') && e.includes('console:'))).toBe(true);
    expect(await page.locator('#next-step').textContent()).toContain(
      'Re-planned when the enrollment resumed.',
    );
    await ui.check(page, 'enrollment-story-resumed');

    await page.getByRole('button', { name: 'Remove from sequence' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Removed from the sequence.');
    expect(await page.locator('#next-h + p').textContent()).toContain('the enrollment has ended');
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
  });

  it("gives 404 for another installation's enrollment and its actions", async () => {
    const other = await newInstallation(ui.ctx, 'Other');
    const c = await other.api.post('/v1/contacts', { email: 'x@example.com' });
    const { sequenceId } = await publishedSequence(other.api, [{ key: 'a', subject: 'A' }]);
    const e = await other.api.post('/v1/enrollments', { contactId: c.body.id, sequenceId });
    const enrollmentId = e.body.enrollment.id as string;

    const { installationId } = await newInstallation(ui.ctx, 'Mine');
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/enrollments`);
    const csrf = await page.locator('meta[name="csrf-token"]').getAttribute('content');
    const res = await page.goto(`${ui.base}/app/enrollments/${enrollmentId}`);
    expect(res?.status()).toBe(404);
    expect(await page.content()).not.toContain('x@example.com');
    const pause = await page.request.post(`${ui.base}/app/enrollments/${enrollmentId}/pause`, {
      headers: { 'X-CSRF-Token': csrf ?? '', accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(pause.status()).toBe(404);
    const [row] = await other.api.get(`/v1/enrollments/${enrollmentId}`).then((r) => [r.body]);
    expect(row?.status).toBe('active');
  });

  it('shows the enroll service refusals as a flash: suppressed, not published', async () => {
    const { installationId, api } = await newInstallation(ui.ctx);
    const c = await api.post('/v1/contacts', { email: 'gone@example.com' });
    await ui.ctx.handle.db
      .update(contacts)
      .set({ suppressedAt: ui.ctx.clock.now(), suppressionReason: 'unsubscribed' })
      .where(eq(contacts.id, c.body.id));
    await api.post('/v1/contacts', { email: 'ok@example.com' });
    await publishedSequence(api, [{ key: 'a', subject: 'A' }]);
    const draft = await api.post('/v1/sequences', { name: 'Draft only', draft: { steps: [] } });
    const page = await ui.newPage();
    await ui.signIn(page, installationId);
    await page.goto(`${ui.base}/app/enrollments`);
    await page.getByLabel('Contact email').fill('gone@example.com');
    await page.getByRole('button', { name: 'Enroll' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('suppressed (unsubscribed)');
    expect(await page.getByLabel('Contact email').inputValue()).toBe('gone@example.com');
    await ui.check(page, 'enrollments-refused');

    // The select offers only published sequences; a forged post for a draft is refused the same way.
    expect(await page.getByLabel('Sequence').locator('option').allTextContents()).toEqual(['Seq']);
    const csrf = (await page.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '';
    const res = await page.request.post(`${ui.base}/app/enrollments`, {
      form: { _csrf: csrf, email: 'ok@example.com', sequenceId: draft.body.id },
    });
    expect(res.status()).toBe(422);
    expect(await res.text()).toContain('no published version');
  });
});
