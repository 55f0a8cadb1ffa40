import { describe, expect, it } from 'vitest';
import { useTestContext } from '../helpers/context';
import { contactRow, enrolledSetup, enrollmentRow, postInbound, sendFirst } from '../helpers/engagement';

const ctx = useTestContext();
const DAY = 86_400_000;
const START = new Date('2026-03-02T14:00:00Z');

/** A delivery report (RFC 3464) saying the mailbox is full: a soft bounce of our send. */
function mailboxFull(n: number, originalMessageId: string): string {
  const b = `b${n}`;
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    'To: sequences@tandem.localhost',
    'Subject: Undelivered Mail Returned to Sender',
    'Date: Mon, 02 Mar 2026 15:00:00 +0000',
    `Message-ID: <dsn-${n}@mx.example.org>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered: the mailbox of ann@example.com is full.',
    '',
    `--${b}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    'Final-Recipient: rfc822; ann@example.com',
    'Action: failed',
    'Status: 4.2.2',
    'Diagnostic-Code: smtp; 452 4.2.2 Mailbox full, over quota',
    '',
    `--${b}`,
    'Content-Type: text/rfc822-headers',
    '',
    'From: Tandem <sequences@tandem.localhost>',
    'To: ann@example.com',
    'Subject: Intro',
    `Message-ID: ${originalMessageId}`,
    '',
    `--${b}--`,
    '',
  ].join('\r\n');
}

/** Soft bounces at the given day offsets (the injected clock moves to each); the actions taken. */
async function bouncesAt(days: number[]) {
  const s = await enrolledSetup(ctx);
  const intro = await sendFirst(ctx, s.enrollmentId);
  const actions: string[] = [];
  for (const [i, day] of days.entries()) {
    ctx.clock.set(new Date(START.getTime() + day * DAY));
    const res = await postInbound(ctx, s.token, mailboxFull(i, intro.messageId!));
    expect(res.body.kind).toBe('soft_bounce');
    actions.push(res.body.action);
  }
  return { s, actions };
}

describe('soft bounces count within a rolling window (default 3 in 30 days)', () => {
  it('three soft bounces spread over 60 days do not suppress the address', async () => {
    const { s, actions } = await bouncesAt([0, 29, 58]);
    // At day 58 the one of day 0 is out of the window: two count.
    expect(actions).toEqual(['soft_bounce_1_of_3', 'soft_bounce_2_of_3', 'soft_bounce_2_of_3']);
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('active');
    expect((await contactRow(ctx, s.contactId)).suppressionReason).toBeNull();
  });

  it('three soft bounces within 30 days take the hard-bounce path', async () => {
    const { s, actions } = await bouncesAt([0, 10, 20]);
    expect(actions).toEqual(['soft_bounce_1_of_3', 'soft_bounce_2_of_3', 'suppressed_after_3_soft_bounces']);
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('bounced');
    expect((await contactRow(ctx, s.contactId)).suppressionReason).toBe('hard_bounced');
  });

  it('the installation sets the count and the window; bad values are a 400', async () => {
    const s = await enrolledSetup(ctx);
    expect((await s.api.get('/v1/settings/soft-bounces')).body).toEqual({ count: 3, days: 30 });
    const set = await s.api.patch('/v1/settings/soft-bounces', { count: 2, days: 7 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ count: 2, days: 7 });
    for (const bad of [{ count: 0 }, { days: 366 }, { days: 1.5 }, { window: 3 }]) {
      const res = await s.api.patch('/v1/settings/soft-bounces', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBeTypeOf('string');
    }
    const intro = await sendFirst(ctx, s.enrollmentId);
    const actions: string[] = [];
    for (const [i, day] of [0, 8, 14].entries()) {
      ctx.clock.set(new Date(START.getTime() + day * DAY));
      actions.push((await postInbound(ctx, s.token, mailboxFull(i, intro.messageId!))).body.action);
    }
    // Day 8 is outside 7 days of day 0; days 8 and 14 are within 7 days of each other.
    expect(actions).toEqual(['soft_bounce_1_of_2', 'soft_bounce_1_of_2', 'suppressed_after_2_soft_bounces']);
  });
});
