import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  contactScores,
  contacts,
  crmDealContacts,
  engagementEvents,
  enrollments,
  sends,
} from '../../src/db/schema';
import { mergeContacts } from '../../src/services/crm/merge';
import { optOutContact } from '../../src/services/engagement/opt-out';
import { useTestContext } from '../helpers/context';
import { type Api, drainJobs, newInstallation, publishedSequence } from '../helpers/fixtures';
import { actionRows, drainScoring, publishedModel, recordEvent } from '../helpers/scoring';

const ctx = useTestContext();

const steps = [
  { key: 'intro', subject: 'Intro' },
  { key: 'bump', subject: 'Bump', delay: { amount: 2, unit: 'days' } },
  { key: 'last', subject: 'Last', delay: { amount: 3, unit: 'days' } },
];

const model = {
  name: 'Engagement',
  halfLifeDays: null,
  rules: [{ id: 'clicked', label: 'Clicked a link', kind: 'event', event: 'email_clicked', points: 10 }],
  thresholds: [],
};

const mql = {
  id: 'mql',
  label: 'MQL',
  score: 20,
  hysteresis: 5,
  direction: 'up',
  actions: [{ type: 'crm_task', subject: 'Call this lead', dueInDays: 1 }],
};

async function enroll(api: Api, sequenceId: string, email: string, externalId: string) {
  const res = await api.post('/v1/enrollments', { sequenceId, contact: { email, externalId } });
  expect(res.status).toBe(201);
  return {
    enrollmentId: res.body.enrollment.id as string,
    contactId: res.body.enrollment.contactId as string,
  };
}

/**
 * Ann (primary, CRM id 101) and her duplicate (merged, CRM id 202) are both in S; the duplicate is
 * one step further along in S, is also in T, and both clicked and are scored.
 */
async function duplicates(extra: Record<string, unknown> = {}) {
  const setup = await newInstallation(ctx);
  await publishedModel(setup.api, { ...model, ...extra });
  const s = await publishedSequence(setup.api, steps);
  const t = await publishedSequence(setup.api, steps);
  const dupS = await enroll(setup.api, s.sequenceId, 'ann.work@example.com', '202');
  expect(await drainJobs(ctx, 1)).toEqual(['sent']); // the duplicate got S's intro
  const annS = await enroll(setup.api, s.sequenceId, 'ann@example.com', '101');
  const dupT = await enroll(setup.api, t.sequenceId, 'ann.work@example.com', '202');
  const ann = annS.contactId;
  const dup = dupS.contactId;
  for (const contactId of [ann, dup, dup]) {
    await recordEvent(ctx, { installationId: setup.installationId, contactId, type: 'clicked' });
  }
  await ctx.handle.db.insert(crmDealContacts).values([
    { installationId: setup.installationId, dealExternalId: 'deal-1', contactId: ann },
    { installationId: setup.installationId, dealExternalId: 'deal-1', contactId: dup },
    { installationId: setup.installationId, dealExternalId: 'deal-2', contactId: dup },
  ]);
  await drainScoring(ctx);
  return { ...setup, s, t, ann, dup, annS, dupS, dupT };
}

const merge = (installationId: string, primary = '101', merged = ['202']) =>
  mergeContacts(
    ctx.deps,
    installationId,
    { primaryExternalId: primary, mergedExternalIds: merged },
    ctx.clock.now(),
  );

async function rowsOf(contactId: string) {
  const db = ctx.handle.db;
  return {
    enrollments: await db.select().from(enrollments).where(eq(enrollments.contactId, contactId)),
    sends: await db.select().from(sends).where(eq(sends.contactId, contactId)),
    events: await db.select().from(engagementEvents).where(eq(engagementEvents.contactId, contactId)),
    deals: await db.select().from(crmDealContacts).where(eq(crmDealContacts.contactId, contactId)),
    scores: await db.select().from(contactScores).where(eq(contactScores.contactId, contactId)),
  };
}

/** Every row of the tables a merge touches, to show a repeated merge changes nothing. */
async function snapshot() {
  const { rows } = await ctx.handle.pool.query(
    `select (select json_agg(c order by id) from contacts c) as contacts,
            (select json_agg(e order by id) from enrollments e) as enrollments,
            (select json_agg(v order by id) from enrollment_events v) as enrollment_events,
            (select json_agg(s order by id) from sends s) as sends,
            (select json_agg(g order by id) from engagement_events g) as engagement,
            (select json_agg(d order by deal_external_id, contact_id) from crm_deal_contacts d) as deals,
            (select json_agg(x order by contact_id) from contact_scores x) as scores,
            (select count(*) from pgboss.job where state < 'completed') as jobs`,
  );
  return rows[0];
}

describe('CRM merge', () => {
  it('keeps one contact, one enrollment per sequence (the one further along), and moves everything', async () => {
    const d = await duplicates();
    expect((await rowsOf(d.dup)).scores[0]?.score).toBe(20);
    expect(await merge(d.installationId)).toBe('applied');

    const [survivor] = await ctx.handle.db.select().from(contacts).where(eq(contacts.id, d.ann));
    expect(survivor).toMatchObject({ externalId: '101', email: 'ann@example.com', deletedAt: null });
    const [tomb] = await ctx.handle.db.select().from(contacts).where(eq(contacts.id, d.dup));
    expect(tomb?.deletedAt).not.toBeNull();
    expect(tomb?.properties.mergedInto).toBe(d.ann);

    const after = await rowsOf(d.ann);
    const live = after.enrollments.filter((e) => e.status === 'active' || e.status === 'paused');
    expect(live.map((e) => e.id).sort()).toEqual([d.dupS.enrollmentId, d.dupT.enrollmentId].sort());
    const annS = after.enrollments.find((e) => e.id === d.annS.enrollmentId);
    expect(annS).toMatchObject({ status: 'removed', exitReason: 'merged' });
    expect(after.enrollments).toHaveLength(3);
    expect(after.sends).toHaveLength(1);
    expect(after.events).toHaveLength(3);
    expect(after.deals.map((r) => r.dealExternalId).sort()).toEqual(['deal-1', 'deal-2']);
    // One score: the higher stands until the requested recompute, which sees all three clicks.
    expect(after.scores.map((r) => r.score)).toEqual([20]);
    const dupLeft = await rowsOf(d.dup);
    expect(Object.values(dupLeft).every((rows) => rows.length === 0)).toBe(true);
    await drainScoring(ctx);
    expect((await rowsOf(d.ann)).scores.map((r) => r.score)).toEqual([30]);

    // The kept enrollment goes on from its own step, for the survivor; the exited one sends nothing.
    ctx.sink.messages.length = 0;
    await drainJobs(ctx);
    // T from its intro; S (kept) from its bump, its intro went out before the merge.
    expect(ctx.sink.messages.map((m) => `${m.to} ${m.subject}`).sort()).toEqual(
      ['Bump', 'Bump', 'Intro', 'Last', 'Last'].map((s) => `ann@example.com ${s}`),
    );
  });

  it('a threshold the merged contact crossed does not fire again for the survivor', async () => {
    const d = await duplicates({ thresholds: [mql] });
    const tasks = async () => (await actionRows(ctx, d.ann)).length + (await actionRows(ctx, d.dup)).length;
    expect(await tasks()).toBe(1); // the duplicate's two clicks crossed MQL
    expect(await merge(d.installationId)).toBe('applied');
    await drainScoring(ctx);
    expect((await rowsOf(d.ann)).scores.map((r) => r.score)).toEqual([30]);
    expect(await actionRows(ctx, d.dup)).toEqual([]);
    expect(await actionRows(ctx, d.ann)).toHaveLength(1); // moved, not fired again
  });

  it('a repeated merge event changes nothing', async () => {
    const d = await duplicates();
    expect(await merge(d.installationId)).toBe('applied');
    const before = await snapshot();
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000));
    expect(await merge(d.installationId)).toBe('ignored');
    expect(await merge(d.installationId, '101', ['202', '101'])).toBe('ignored');
    expect(await snapshot()).toEqual(before);
  });

  it('a suppression on the merged contact wins and ends the survivor’s live enrollments', async () => {
    const d = await duplicates();
    await ctx.handle.db.transaction((tx) =>
      optOutContact(ctx.deps, tx, {
        installationId: d.installationId,
        contactId: d.dup,
        source: 'one_click',
        ref: 'snd_x',
      }),
    );
    expect(await merge(d.installationId)).toBe('applied');
    const [survivor] = await ctx.handle.db.select().from(contacts).where(eq(contacts.id, d.ann));
    expect(survivor?.suppressionReason).toBe('unsubscribed');
    const [tomb] = await ctx.handle.db.select().from(contacts).where(eq(contacts.id, d.dup));
    expect(tomb?.suppressionReason).toBe('unsubscribed'); // the address stays suppressed too
    const after = await rowsOf(d.ann);
    expect(after.enrollments.map((e) => e.status).sort()).toEqual(['opted_out', 'opted_out', 'opted_out']);
    ctx.sink.messages.length = 0;
    await drainJobs(ctx);
    expect(ctx.sink.messages).toHaveLength(0);
  });

  it('when only the merged contact is known here, it takes the primary’s external id', async () => {
    const d = await duplicates();
    expect(await merge(d.installationId, '303', ['202'])).toBe('applied');
    const [dup] = await ctx.handle.db.select().from(contacts).where(eq(contacts.id, d.dup));
    expect(dup).toMatchObject({ externalId: '303', deletedAt: null });
    expect(await merge(d.installationId, '303', ['202'])).toBe('ignored');
  });

  it('parallel merge calls neither deadlock nor apply twice, while steps run and a contact opts out', async () => {
    const d = await duplicates();
    const third = await enroll(d.api, d.s.sequenceId, 'ann.home@example.com', '404');
    const optOut = () =>
      ctx.handle.db.transaction((tx) =>
        optOutContact(ctx.deps, tx, {
          installationId: d.installationId,
          contactId: third.contactId,
          source: 'one_click',
          ref: 'snd_y',
        }),
      );
    const results = await Promise.all([
      merge(d.installationId),
      merge(d.installationId, '101', ['404']),
      merge(d.installationId),
      drainJobs(ctx).then(() => 'drained'),
      merge(d.installationId),
      optOut().then(() => 'opted out'),
      merge(d.installationId, '101', ['404']),
      merge(d.installationId),
    ]);
    const applied = results.filter((r) => r === 'applied').length;
    expect(applied).toBe(2); // once per distinct merge
    const live = await ctx.handle.db
      .select()
      .from(enrollments)
      .where(
        and(
          inArray(enrollments.contactId, [d.ann, d.dup, third.contactId]),
          sql`${enrollments.status} in ('active', 'paused')`,
        ),
      );
    expect(live.every((e) => e.contactId === d.ann)).toBe(true);
    expect(new Set(live.map((e) => e.sequenceId)).size).toBe(live.length);
    const alive = await ctx.handle.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.installationId, d.installationId), sql`${contacts.deletedAt} is null`));
    expect(alive.map((c) => c.id)).toEqual([d.ann]);
  });
});
