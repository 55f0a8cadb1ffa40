import { describe, expect, it } from 'vitest';
import { runStep } from '../../src/services/sequences/run-step';
import { useTestContext } from '../helpers/context';
import { itCorpus } from '../helpers/corpus';
import {
  contactRow,
  corpusFile,
  enrolledSetup,
  enrollmentRow,
  eventsOf,
  inboundToken,
  outboxRows,
  postInbound,
  rawMail,
  sendFirst,
} from '../helpers/engagement';
import { drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';

const ctx = useTestContext();

describe('inbound mail: actions', () => {
  it('a reply while the next step is queued: the step is never sent, the owner gets a task', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    const pending = await enrollmentRow(ctx, s.enrollmentId);
    expect(pending.currentStepKey).toBe('bump');
    const payload = {
      enrollmentId: s.enrollmentId,
      stepKey: 'bump',
      versionId: pending.sequenceVersionId,
      stepCount: pending.stepCount,
    };
    const reply = rawMail({
      inReplyTo: intro.messageId,
      messageId: '<reply-1@mail.example.com>',
      body: [
        'Sounds interesting, can we talk Thursday?',
        '',
        'On Tue, Mar 3, 2026 at 2:00 PM Tandem <sequences@tandem.localhost> wrote:',
        '> Hello Ann: Intro',
        '> Unsubscribe: http://tandem.test/u/x',
      ].join('\r\n'),
    });
    const res = await postInbound(ctx, s.token, reply);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'processed',
      kind: 'human_reply',
      matchedBy: 'message_id',
      action: 'exited_replied',
      duplicate: false,
    });

    const after = await enrollmentRow(ctx, s.enrollmentId);
    expect(after.status).toBe('replied');
    expect((await ctx.boss.getJobById('sequence.runEmail', pending.jobId!))?.state).toBe('cancelled');
    // Even if the cancelled job ran anyway, it is stale and sends nothing.
    expect(await runStep(ctx.deps, payload)).toBe('stale');
    expect(await drainJobs(ctx)).toEqual([]);
    expect(ctx.sink.messages.map((m) => m.subject)).toEqual(['Intro']);

    const tasks = (await outboxRows(ctx, s.contactId)).filter((r) => r.kind === 'task');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.payload.body).toBe('Sounds interesting, can we talk Thursday?');
    expect(tasks[0]!.payload.sendId).toBe(intro.id);
    const replied = await eventsOf(ctx, s.contactId, 'replied');
    expect(replied).toHaveLength(1);
    expect(replied[0]).toMatchObject({ sendId: intro.id, stepKey: 'intro', machine: false });

    // The provider delivers the same message again: processed once.
    const again = await postInbound(ctx, s.token, reply);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: res.body.id, duplicate: true });
    expect((await outboxRows(ctx, s.contactId)).filter((r) => r.kind === 'task')).toHaveLength(1);
    expect(await eventsOf(ctx, s.contactId, 'replied')).toHaveLength(1);
  });

  it('matches a reply without threading headers by the sender address', async () => {
    const s = await enrolledSetup(ctx);
    await sendFirst(ctx, s.enrollmentId);
    const res = await postInbound(ctx, s.token, rawMail({ subject: 'Question', body: 'Who are you?' }));
    expect(res.body).toMatchObject({ matchedBy: 'sender_address', action: 'exited_replied' });
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('replied');
  });

  it('matches by the reply token in the Reply-To address', async () => {
    const s = await enrolledSetup(ctx);
    // A mail client that dropped In-Reply-To, from another address of the person.
    const { replyAddress } = await import('../../src/services/engagement/tokens');
    const intro = await sendFirst(ctx, s.enrollmentId);
    const to = await replyAddress(ctx.deps.config.ENCRYPTION_KEY!, intro.id, 'reply.tandem.test');
    const res = await postInbound(
      ctx,
      s.token,
      rawMail({ from: 'ann.private@example.org', to, body: 'Yes please, call me.' }),
    );
    expect(res.body).toMatchObject({ matchedBy: 'reply_token', action: 'exited_replied' });
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('replied');
  });

  it('an unknown sender is stored as unmatched and listed, never lost', async () => {
    const s = await enrolledSetup(ctx);
    const res = await postInbound(
      ctx,
      s.token,
      rawMail({ from: 'stranger@example.net', subject: 'Hello', body: 'Who is this?' }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'unmatched', action: 'none', matchedBy: null });
    const list = await s.api.get('/v1/inbound?status=unmatched');
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ from: 'stranger@example.net', kind: 'human_reply' });
    const one = await s.api.get(`/v1/inbound/${res.body.id}`);
    expect(one.body.raw).toContain('Who is this?');
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('active');
  });

  itCorpus(
    'a hard bounce (real DSN, our Message-ID in the attached original) exits and suppresses',
    async () => {
      const s = await enrolledSetup(ctx, 'kijitora@example.jp');
      const intro = await sendFirst(ctx, s.enrollmentId);
      const raw = corpusFile('hard-bounce/sisimai-rhost-apple-01.eml').replace(
        '<c15e793e1c6acf9fbc39d1547bbd98b4@example.com>',
        intro.messageId,
      );
      const res = await postInbound(ctx, s.token, raw);
      expect(res.body).toMatchObject({
        kind: 'hard_bounce',
        matchedBy: 'message_id',
        action: 'suppressed_hard_bounce',
      });
      expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('bounced');
      expect((await contactRow(ctx, s.contactId)).suppressionReason).toBe('hard_bounced');
      expect(await drainJobs(ctx)).toEqual([]);
      expect(ctx.sink.messages).toHaveLength(1);
      const [bounced] = await eventsOf(ctx, s.contactId, 'bounced');
      expect(bounced?.data).toMatchObject({ hard: true, statusCode: '5.1.6' });
    },
  );

  itCorpus(
    'a complaint (real Hotmail JMRP report) exits, suppresses and queues the CRM opt-out',
    async () => {
      const s = await enrolledSetup(ctx, 'kijitora@example.com');
      await sendFirst(ctx, s.enrollmentId);
      const res = await postInbound(ctx, s.token, corpusFile('complaint/sisimai-arf-22.eml'));
      expect(res.body).toMatchObject({
        kind: 'complaint',
        matchedBy: 'bounced_recipient',
        action: 'suppressed_complaint',
      });
      expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('opted_out');
      expect((await contactRow(ctx, s.contactId)).suppressionReason).toBe('complained');
      expect((await outboxRows(ctx, s.contactId)).map((r) => r.kind)).toEqual(['opt_out']);
      expect(await eventsOf(ctx, s.contactId, 'complained')).toHaveLength(1);
    },
  );

  itCorpus(
    'an out-of-office (real RFC 3834 auto-reply, "returning on May 5th") pauses until then, no task',
    async () => {
      const s = await enrolledSetup(ctx, 'kijitora@example.net');
      await sendFirst(ctx, s.enrollmentId);
      const res = await postInbound(ctx, s.token, corpusFile('auto-reply/sisimai-rfc3834-01.eml'));
      expect(res.body).toMatchObject({
        kind: 'auto_reply',
        matchedBy: 'sender_address',
        action: 'paused_ooo',
      });
      const e = await enrollmentRow(ctx, s.enrollmentId);
      expect(e).toMatchObject({ status: 'paused', pauseReason: 'ooo' });
      expect(e.pausedUntil?.toISOString()).toBe('2026-05-05T09:00:00.000Z');
      expect(await outboxRows(ctx, s.contactId)).toEqual([]);
      expect(await eventsOf(ctx, s.contactId, 'auto_replied')).toHaveLength(1);
    },
  );

  it('an out-of-office without a return date pauses 5 business days', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId); // Tuesday 2026-03-03
    const res = await postInbound(
      ctx,
      s.token,
      rawMail({
        inReplyTo: intro.messageId,
        subject: 'Automatic reply: Intro',
        headers: ['Auto-Submitted: auto-replied', 'X-Auto-Response-Suppress: All'],
        body: 'I am out of the office with limited access to email.',
      }),
    );
    expect(res.body).toMatchObject({ kind: 'auto_reply', action: 'paused_ooo' });
    const e = await enrollmentRow(ctx, s.enrollmentId);
    expect(e.pausedUntil?.toISOString()).toBe('2026-03-10T09:00:00.000Z');
  });

  itCorpus('three soft bounces make the address hard-bounced', async () => {
    const s = await enrolledSetup(ctx, 'kijitora@example.edu');
    await sendFirst(ctx, s.enrollmentId);
    const file = corpusFile('soft-bounce/sisimai-lhost-exchange2007-02.eml');
    const actions: string[] = [];
    for (const n of [1, 2, 3]) {
      const raw = file.replace('<0000ff00-2222-0022-fffe-000000000000>', `<soft-${n}@example.edu>`);
      const res = await postInbound(ctx, s.token, raw);
      expect(res.body.kind).toBe('soft_bounce');
      actions.push(res.body.action);
      if (n < 3) expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('active');
    }
    expect(actions).toEqual(['soft_bounce_1_of_3', 'soft_bounce_2_of_3', 'suppressed_after_3_soft_bounces']);
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('bounced');
    expect((await contactRow(ctx, s.contactId)).suppressionReason).toBe('hard_bounced');
  });

  it('a reply asking to unsubscribe takes the opt-out path for every sequence', async () => {
    const s = await enrolledSetup(ctx);
    const other = await publishedSequence(s.api, [{ key: 'one', subject: 'Other' }]);
    await s.api.post('/v1/enrollments', { sequenceId: other.sequenceId, contactId: s.contactId });
    const intro = await sendFirst(ctx, s.enrollmentId);
    const res = await postInbound(
      ctx,
      s.token,
      rawMail({ inReplyTo: intro.messageId, body: 'Please remove me from your list.' }),
    );
    expect(res.body).toMatchObject({ kind: 'unsubscribe', action: 'opted_out' });
    const contact = await contactRow(ctx, s.contactId);
    expect(contact.suppressionReason).toBe('unsubscribed');
    const list = await s.api.get(`/v1/contacts/${s.contactId}/enrollments`);
    expect(list.body.data.map((e: { status: string }) => e.status)).toEqual(['opted_out', 'opted_out']);
    expect((await outboxRows(ctx, s.contactId)).map((r) => r.kind)).toEqual(['opt_out']);
    expect(await drainJobs(ctx)).toEqual([]);
  });

  it('another installation cannot act on our sends with its own token', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    const intruder = await newInstallation(ctx, 'Other');
    const token = await inboundToken(intruder.api);
    const res = await postInbound(ctx, token, rawMail({ inReplyTo: intro.messageId, body: 'Stop it' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'unmatched', matchedBy: null });
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('active');
    expect((await s.api.get('/v1/inbound')).body.data).toEqual([]);
  });
});
