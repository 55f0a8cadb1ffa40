import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { enrollmentEvents, inboundCorrections, inboundMessages } from '../../src/db/schema';
import { correctInbound } from '../../src/services/engagement/inbound-correct';
import { useTestContext } from '../helpers/context';
import { enrolledSetup, enrollmentRow, postInbound, rawMail, sendFirst } from '../helpers/engagement';
import { apiFor } from '../helpers/fixtures';

// Monday 5 January 2026, so "back on 12 January" is next Monday.
const ctx = useTestContext({ start: new Date('2026-01-05T14:00:00Z') });

async function eventsOfEnrollment(id: string) {
  return ctx.handle.db
    .select()
    .from(enrollmentEvents)
    .where(eq(enrollmentEvents.enrollmentId, id))
    .orderBy(enrollmentEvents.id);
}

describe('correcting an inbound class', () => {
  it('an out-of-office that was really a reply: the reply action is applied (exit as replied)', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    const res = await postInbound(
      ctx,
      s.token,
      rawMail({
        inReplyTo: intro.messageId,
        subject: 'Automatic reply: Intro',
        headers: ['Auto-Submitted: auto-replied'],
        body: 'I am out of the office and back on 12 January.',
      }),
    );
    expect(res.body).toMatchObject({ kind: 'auto_reply', action: 'paused_ooo' });
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('paused');

    const r = await correctInbound(ctx.deps, {
      installationId: s.installationId,
      inboundId: res.body.id,
      kind: 'human_reply',
      actor: 'Jo (admin)',
      note: 'She wrote back under the auto-reply',
    });
    expect(r.ok).toBe(true);
    expect(await enrollmentRow(ctx, s.enrollmentId)).toMatchObject({ status: 'replied' });
    const [msg] = await ctx.handle.db
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.id, res.body.id));
    expect(msg).toMatchObject({ kind: 'human_reply', action: 'exited_replied' });
    const corrections = await ctx.handle.db.select().from(inboundCorrections);
    expect(corrections).toMatchObject([
      {
        inboundId: res.body.id,
        previousKind: 'auto_reply',
        kind: 'human_reply',
        actor: 'Jo (admin)',
        note: 'She wrote back under the auto-reply',
        effect: 'exited_replied',
      },
    ]);
    const last = (await eventsOfEnrollment(s.enrollmentId)).at(-1);
    expect(last).toMatchObject({ type: 'exited', toStatus: 'replied', reason: 'replied' });
  });

  it('a reply that was really an out-of-office: the exit is undone and the enrollment paused', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    const res = await postInbound(
      ctx,
      s.token,
      rawMail({ inReplyTo: intro.messageId, body: 'Thanks Tandem, happy to talk next week.' }),
    );
    expect(res.body).toMatchObject({ kind: 'human_reply', action: 'exited_replied' });
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('replied');

    const r = await correctInbound(ctx.deps, {
      installationId: s.installationId,
      inboundId: res.body.id,
      kind: 'auto_reply',
      actor: 'Jo (admin)',
    });
    expect(r).toMatchObject({
      ok: true,
      value: { previousKind: 'human_reply', effect: 'resumed, paused_ooo' },
    });
    const after = await enrollmentRow(ctx, s.enrollmentId);
    expect(after).toMatchObject({ status: 'paused', pauseReason: 'ooo', currentStepKey: 'bump' });
    const types = (await eventsOfEnrollment(s.enrollmentId)).map((e) => [e.type, e.toStatus, e.actor]);
    expect(types.slice(-3)).toEqual([
      ['exited', 'replied', 'inbound'],
      ['resumed', 'active', 'Jo (admin)'],
      ['paused', 'paused', 'inbound'],
    ]);

    // A second correction to the same class is refused; another installation sees nothing.
    expect(
      await correctInbound(ctx.deps, {
        installationId: s.installationId,
        inboundId: res.body.id,
        kind: 'auto_reply',
        actor: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'same_kind' } });
    const other = await enrolledSetup(ctx, 'bob@example.com');
    expect(
      await correctInbound(ctx.deps, {
        installationId: other.installationId,
        inboundId: res.body.id,
        kind: 'human_reply',
        actor: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('the JSON API: an admin key corrects, any key of the installation exports the labelled examples', async () => {
    const s = await enrolledSetup(ctx);
    const intro = await sendFirst(ctx, s.enrollmentId);
    const res = await postInbound(
      ctx,
      s.token,
      rawMail({ inReplyTo: intro.messageId, body: 'Sure, call me.' }),
    );
    const standardKey = (await s.api.post('/v1/admin/keys', { name: 'reader' })).body.key as string;
    const standard = apiFor(ctx, standardKey);
    const refused = await standard.post(`/v1/inbound/${res.body.id}/correction`, { kind: 'auto_reply' });
    expect(refused.status).toBe(403);
    expect((await enrollmentRow(ctx, s.enrollmentId)).status).toBe('replied');

    const done = await s.api.post(`/v1/inbound/${res.body.id}/correction`, {
      kind: 'auto_reply',
      note: 'OOO',
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      previousKind: 'human_reply',
      kind: 'auto_reply',
      effect: 'resumed, paused_ooo',
    });
    expect(done.body.actor).toMatch(/^key:/);
    expect((await s.api.post(`/v1/inbound/${res.body.id}/correction`, { kind: 'auto_reply' })).status).toBe(
      422,
    );
    expect((await s.api.post(`/v1/inbound/${res.body.id}/correction`, { kind: 'nonsense' })).status).toBe(
      400,
    );

    const list = await standard.get('/v1/inbound/corrections');
    expect(list.status).toBe(200);
    expect(list.body.data).toMatchObject([{ inboundId: res.body.id, note: 'OOO' }]);
    const other = await enrolledSetup(ctx, 'bob@example.com');
    expect((await other.api.get('/v1/inbound/corrections')).body.data).toEqual([]);
    expect(
      (await other.api.post(`/v1/inbound/${res.body.id}/correction`, { kind: 'human_reply' })).status,
    ).toBe(404);
  });
});
