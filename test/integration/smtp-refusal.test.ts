import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { enrollmentEvents, sends } from '../../src/db/schema';
import type { Logger } from '../../src/lib/logger';
import { createSmtpMailer } from '../../src/mail/transport';
import { useTestContext } from '../helpers/context';
import { contactRow, enrollmentRow, eventsOf, outboxRows } from '../helpers/engagement';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';
import { type RawSmtp, startRawSmtp } from '../helpers/raw-smtp';

const ctx = useTestContext();
const restores: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  for (const r of restores.splice(0).reverse()) await r();
});

/** A raw server answering RCPT TO with `reply`; the app's mailer points at it for one test. */
async function refusingServer(reply: string): Promise<RawSmtp> {
  const server = await startRawSmtp({ atRcpt: reply });
  const original = ctx.deps.mailer;
  const mailer = createSmtpMailer(server.url, { connections: 2, socketTimeoutMs: 2000 });
  ctx.deps.mailer = mailer;
  restores.push(async () => {
    mailer.close();
    ctx.deps.mailer = original;
    await server.stop();
  });
  return server;
}

function captureErrors(): { msg: string; fields?: Record<string, unknown> }[] {
  const errors: { msg: string; fields?: Record<string, unknown> }[] = [];
  const original = ctx.deps.logger;
  const logger: Logger = {
    ...original,
    error: (msg, fields) => errors.push({ msg, ...(fields ? { fields } : {}) }),
  };
  ctx.deps.logger = logger;
  restores.push(() => {
    ctx.deps.logger = original;
  });
  return errors;
}

/** One contact enrolled in two sequences. */
async function inTwoSequences() {
  const setup = await newInstallation(ctx);
  const a = await publishedSequence(setup.api, [{ key: 'intro', subject: 'A intro' }]);
  const b = await publishedSequence(setup.api, [
    { key: 'hello', subject: 'B hello', delay: { amount: 3, unit: 'days' } },
  ]);
  const first = await setup.api.post('/v1/enrollments', {
    sequenceId: a.sequenceId,
    contact: { email: 'gone@example.com', firstName: 'Gone' },
  });
  const contactId = first.body.enrollment.contactId as string;
  const second = await setup.api.post('/v1/enrollments', { sequenceId: b.sequenceId, contactId });
  expect(second.status).toBe(201);
  return {
    ...setup,
    contactId,
    ids: [first.body.enrollment.id as string, second.body.enrollment.id as string],
  };
}

describe('permanent refusals at send time', () => {
  it('550 5.1.1 at RCPT takes the hard-bounce path: every sequence ends bounced, the contact is suppressed', async () => {
    const server = await refusingServer(
      '550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown',
    );
    const s = await inTwoSequences();
    expect(await drainJobs(ctx)).toEqual(['exited']);
    for (const id of s.ids) {
      const e = await enrollmentRow(ctx, id);
      expect(e).toMatchObject({ status: 'bounced', exitReason: 'hard_bounced', jobId: null });
    }
    const contact = await contactRow(ctx, s.contactId);
    expect(contact.suppressionReason).toBe('hard_bounced');
    expect(contact.suppressedAt).not.toBeNull();
    expect((await outboxRows(ctx, s.contactId)).map((r) => [r.kind, r.payload.reason])).toEqual([
      ['opt_out', 'hard_bounced'],
    ]);
    const [bounced] = await eventsOf(ctx, s.contactId, 'bounced');
    expect(bounced?.data).toMatchObject({ hard: true, atSend: true, statusCode: '5.1.1' });
    const rows = await ctx.handle.db.select().from(sends);
    expect(rows.map((r) => r.status)).toEqual(['failed']);
    expect(server.received).toEqual([]);
    // Nothing is left to mail the dead address, not even after the second sequence's delay.
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 7 * 86_400_000));
    expect(await drainJobs(ctx)).toEqual([]);
  });

  it('550 5.7.1 (policy, about us) fails the step with a reason and an alert; no suppression', async () => {
    await refusingServer('550 5.7.1 Message rejected due to local policy');
    const errors = captureErrors();
    const s = await inTwoSequences();
    const [first] = await drainJobs(ctx, 1);
    expect(first).toBe('exited');
    const failed = (await Promise.all(s.ids.map((id) => enrollmentRow(ctx, id)))).filter(
      (e) => e.status === 'failed',
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]?.exitReason).toBe('smtp_policy_refusal');
    const other = s.ids.find((id) => id !== failed[0]?.id)!;
    expect((await enrollmentRow(ctx, other)).status).toBe('active');
    const contact = await contactRow(ctx, s.contactId);
    expect(contact.suppressedAt).toBeNull();
    expect(await outboxRows(ctx, s.contactId)).toEqual([]);
    expect(await eventsOf(ctx, s.contactId, 'bounced')).toEqual([]);
    const refused = await ctx.handle.db
      .select()
      .from(enrollmentEvents)
      .where(eq(enrollmentEvents.enrollmentId, failed[0]!.id));
    expect(refused.find((e) => e.type === 'send_refused')).toMatchObject({
      reason: 'smtp_policy_refusal',
      data: { enhancedCode: '5.7.1', responseCode: 550, refusal: 'policy' },
    });
    expect(errors).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ code: 'smtp_policy_refusal', enhancedCode: '5.7.1' }),
      }),
    ]);
    const [row] = await ctx.handle.db.select().from(sends);
    expect(row).toMatchObject({ status: 'failed' });
  });
});
