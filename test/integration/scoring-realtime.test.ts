import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contactScores, scoreActions } from '../../src/db/schema';
import { recomputeContact } from '../../src/services/scoring/recompute';
import { requestRescoreMany } from '../../src/services/scoring/rescore';
import { useTestContext } from '../helpers/context';
import { type Api, newInstallation } from '../helpers/fixtures';
import { drainScoring, outboxRows, publishedModel, recordEvent, storedScore } from '../helpers/scoring';

const ctx = useTestContext();
const hour = 3_600_000;
const day = 24 * hour;

const engagementModel = (clickPoints: number) => ({
  name: 'Engagement',
  halfLifeDays: null,
  rules: [
    { id: 'clicked', label: 'Clicked a link', kind: 'event', event: 'email_clicked', points: clickPoints },
    { id: 'replied', label: 'Replied', kind: 'event', event: 'email_replied', points: 20 },
    {
      id: 'pricing',
      label: 'Visited pricing',
      kind: 'event',
      event: 'page_visited',
      match: { pagePath: '/pricing*' },
      points: 15,
    },
  ],
  thresholds: [
    {
      id: 'mql',
      label: 'MQL',
      score: 50,
      hysteresis: 10,
      direction: 'up',
      actions: [{ type: 'crm_task', subject: 'Call this lead', dueInDays: 1 }],
    },
  ],
});

async function contact(api: Api, email: string, extra: Record<string, unknown> = {}) {
  const res = await api.post('/v1/contacts', { email, ownerId: 'owner-7', ...extra });
  expect(res.status).toBe(200);
  return res.body.id as string;
}

async function pendingRecomputes(contactId: string) {
  const { rows } = await ctx.handle.pool.query(
    `select state from pgboss.job where name = 'scoring.recompute' and singleton_key = $1 and state < 'completed'`,
    [contactId],
  );
  return rows.map((r) => r.state as string);
}

describe('real-time scoring', () => {
  it('the same events give the same score on replay; a new version rescores and records its version', async () => {
    const { installationId, api } = await newInstallation(ctx);
    const v1 = await publishedModel(api, engagementModel(10));
    const a = await contact(api, 'a@example.com');
    const b = await contact(api, 'b@example.com');
    const c = await contact(api, 'c@example.com');
    const event = (contactId: string, type: 'clicked' | 'replied' | 'visited' | 'opened', more = {}) =>
      recordEvent(ctx, { installationId, contactId, type, ...more });
    await event(a, 'clicked');
    await event(a, 'clicked');
    await event(a, 'replied');
    await event(b, 'clicked');
    await event(c, 'replied');
    await event(c, 'clicked');
    await event(c, 'visited', { url: 'https://acme.test/pricing/enterprise' });
    await event(c, 'opened', { machine: true }); // a privacy-proxy open: stored, never scored
    await drainScoring(ctx);

    const v1Scores = { [a]: 40, [b]: 10, [c]: 45 };
    for (const [id, score] of Object.entries(v1Scores)) {
      const row = await storedScore(ctx, id);
      expect(row?.score).toBe(score);
      expect(row?.modelVersionId).toBe(v1.versionId);
    }

    // Replaying the unchanged draft over the stored events reproduces every stored score.
    const same = await api.post(`/v1/scoring/models/${v1.modelId}/replay`);
    expect(same.status).toBe(200);
    expect(same.body.contacts).toBe(3);
    expect(same.body.scoreChanges).toEqual({ increased: 0, decreased: 0, unchanged: 3 });
    expect(same.body.samples).toEqual([]);
    expect(same.body.comparedWith).toEqual({ versionId: v1.versionId, version: 1 });

    // And so does recomputing them again, later (no decay in this model).
    ctx.clock.advance(3 * day);
    await ctx.handle.db.transaction((tx) =>
      requestRescoreMany(ctx.deps, tx, { installationId, contactIds: [a, b, c], reason: 'test' }),
    );
    await drainScoring(ctx);
    for (const [id, score] of Object.entries(v1Scores))
      expect((await storedScore(ctx, id))?.score).toBe(score);

    // What-if: doubling clicks would push a (40 -> 60) and c (45 -> 55) over MQL. Nothing is written.
    const actionsBefore = await ctx.handle.db.select().from(scoreActions);
    await api.patch(`/v1/scoring/models/${v1.modelId}`, { draft: engagementModel(20) });
    const whatIf = await api.post(`/v1/scoring/models/${v1.modelId}/replay`);
    expect(whatIf.body.scoreChanges).toEqual({ increased: 3, decreased: 0, unchanged: 0 });
    expect(whatIf.body.perThreshold).toEqual([
      { thresholdId: 'mql', label: 'MQL', wouldCrossUp: 2, wouldCrossDown: 0, above: 2 },
    ]);
    const after = Object.fromEntries(
      whatIf.body.samples.map((s: { contactId: string; after: number }) => [s.contactId, s.after]),
    );
    expect(after).toEqual({ [a]: 60, [b]: 20, [c]: 55 });
    for (const [id, score] of Object.entries(v1Scores))
      expect((await storedScore(ctx, id))?.score).toBe(score);
    expect(await ctx.handle.db.select().from(scoreActions)).toEqual(actionsBefore);
    expect(await pendingRecomputes(a)).toEqual([]);

    // Publishing v2 rescores every contact; each score records v2, and the replay was right.
    const published = await api.post(`/v1/scoring/models/${v1.modelId}/publish`);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 2, rescoring: 3 });
    await drainScoring(ctx);
    for (const [id, score] of Object.entries(after)) {
      const row = await storedScore(ctx, id);
      expect(row?.score).toBe(score);
      expect(row?.modelVersionId).toBe(published.body.versionId);
    }
    expect((await outboxRows(ctx, a, 'task')).length).toBe(1);
    expect((await outboxRows(ctx, b, 'task')).length).toBe(0);
    expect((await outboxRows(ctx, c, 'task')).length).toBe(1);

    const explained = await api.get(`/v1/contacts/${c}/score`);
    expect(explained.body).toMatchObject({ score: 55, modelVersion: 2, stored: true });
    expect(explained.body.explanation).toEqual([
      '+20 Clicked a link',
      '+20 Replied',
      '+15 Visited pricing',
      'No decay: event points keep their full value.',
      '1 machine-generated event (privacy-proxy opens, scanner clicks) did not count.',
    ]);
  });

  it('flapping around MQL in one day creates one task; a real second crossing creates a second', async () => {
    const { installationId, api } = await newInstallation(ctx);
    await publishedModel(api, {
      name: 'Fit and intent',
      halfLifeDays: 30,
      rules: [
        { id: 'pricing', label: 'Visited pricing', kind: 'event', event: 'page_visited', points: 42 },
        {
          id: 'vp',
          label: 'VP title',
          kind: 'property',
          property: 'jobTitle',
          op: 'matches',
          value: 'vp*',
          points: 15,
        },
      ],
      thresholds: [
        {
          id: 'mql',
          label: 'MQL',
          score: 50,
          hysteresis: 10,
          direction: 'up',
          actions: [{ type: 'crm_task', subject: 'Call this lead' }],
        },
      ],
    });
    const email = 'flap@example.com';
    const id = await contact(api, email, { properties: { jobTitle: 'Manager' } });
    await recordEvent(ctx, {
      installationId,
      contactId: id,
      type: 'visited',
      url: 'https://acme.test/pricing',
    });
    await drainScoring(ctx);
    expect((await storedScore(ctx, id))?.score).toBe(42);

    // The title flips back and forth all day: the score crosses 50 up three times, but never falls
    // under 40 (50 - hysteresis), so it is one crossing and one task.
    const titles = ['VP Sales', 'Manager', 'VP Sales', 'Manager', 'VP Marketing'];
    const seen: number[] = [];
    for (const jobTitle of titles) {
      ctx.clock.advance(hour);
      await api.post('/v1/contacts', { email, properties: { jobTitle } });
      await drainScoring(ctx);
      seen.push((await storedScore(ctx, id))?.score ?? Number.NaN);
    }
    expect(seen.filter((s) => s >= 50)).toHaveLength(3);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(40);
    expect(await outboxRows(ctx, id, 'task')).toHaveLength(1);

    // Five days later the visit has decayed under 40 without the title: a real fall below...
    ctx.clock.advance(5 * day);
    await api.post('/v1/contacts', { email, properties: { jobTitle: 'Manager' } });
    await drainScoring(ctx);
    const fallen = await storedScore(ctx, id);
    expect(fallen?.score).toBeLessThan(40);
    expect(fallen?.thresholdState).toEqual({ mql: { state: 'below', crossings: 1 } });
    // ...so the next rise is a second crossing, with a second task.
    await api.post('/v1/contacts', { email, properties: { jobTitle: 'VP Sales' } });
    await drainScoring(ctx);
    const tasks = await outboxRows(ctx, id, 'task');
    expect(tasks.map((t) => t.idempotencyKey).sort()).toEqual([`${id}:mql:up:1:0`, `${id}:mql:up:2:0`]);
    expect(tasks[0]?.payload).toMatchObject({
      subject: 'Call this lead',
      ownerId: 'owner-7',
      source: 'scoring',
    });
  });

  it('a burst of events queues one recompute; an event during a run queues exactly one more', async () => {
    const { installationId, api } = await newInstallation(ctx);
    await publishedModel(api, engagementModel(10));
    const id = await contact(api, 'burst@example.com');
    await drainScoring(ctx);
    for (let i = 0; i < 5; i++) await recordEvent(ctx, { installationId, contactId: id, type: 'clicked' });
    expect(await pendingRecomputes(id)).toEqual(['created']);

    // A worker takes the job; a click that commits now must not be lost.
    const [job] = await ctx.boss.fetch('scoring.recompute');
    expect(job).toBeDefined();
    await recordEvent(ctx, { installationId, contactId: id, type: 'clicked' });
    await recordEvent(ctx, { installationId, contactId: id, type: 'clicked' });
    expect((await pendingRecomputes(id)).sort()).toEqual(['active', 'created']);
    await ctx.boss.complete('scoring.recompute', job!.id);
    await drainScoring(ctx);
    expect((await storedScore(ctx, id))?.score).toBe(70);
  });

  it('a stored score never moves to another installation, and recomputes are scoped', async () => {
    const one = await newInstallation(ctx, 'One');
    const two = await newInstallation(ctx, 'Two');
    await publishedModel(one.api, engagementModel(10));
    const id = await contact(one.api, 'scoped@example.com');
    await recordEvent(ctx, { installationId: one.installationId, contactId: id, type: 'replied' });
    // A job naming the other installation finds no model, then no such contact there: nothing written.
    expect(await recomputeContact(ctx.deps, { installationId: two.installationId, contactId: id })).toEqual({
      status: 'no_model',
    });
    await publishedModel(two.api, engagementModel(10));
    expect(await recomputeContact(ctx.deps, { installationId: two.installationId, contactId: id })).toEqual({
      status: 'no_contact',
    });
    expect(await ctx.handle.db.select().from(contactScores).where(eq(contactScores.contactId, id))).toEqual(
      [],
    );
    const other = await two.api.get(`/v1/contacts/${id}/score`);
    expect(other.status).toBe(404);
  });
});
