import { describe, expect, it } from 'vitest';
import { sweepDecay } from '../../src/services/scoring/decay-sweep';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';
import {
  actionRows,
  drainScoring,
  outboxRows,
  publishedModel,
  recordEvent,
  storedScore,
} from '../helpers/scoring';

const ctx = useTestContext();
const day = 86_400_000;

/** One 80-point event with a 30-day half-life; MQL acts on the way up, "Cooled" on the way down. */
const decayModel = {
  name: 'Decaying',
  halfLifeDays: 30,
  rules: [{ id: 'meeting', label: 'Booked a meeting', kind: 'event', event: 'meeting_booked', points: 80 }],
  thresholds: [
    {
      id: 'mql',
      label: 'MQL',
      score: 50,
      hysteresis: 5,
      direction: 'up',
      actions: [{ type: 'crm_task', subject: 'Call this lead' }],
    },
    {
      id: 'cooled',
      label: 'Cooled off',
      score: 50,
      hysteresis: 5,
      direction: 'down',
      actions: [{ type: 'set_lead_status', status: 'Nurture' }],
    },
  ],
};

async function scoredContact() {
  const { installationId, api } = await newInstallation(ctx);
  await publishedModel(api, decayModel);
  const created = await api.post('/v1/contacts', { email: 'decay@example.com' });
  const contactId = created.body.id as string;
  await recordEvent(ctx, { installationId, contactId, type: 'meeting_booked' });
  await drainScoring(ctx);
  return { installationId, api, contactId };
}

describe('score decay', () => {
  it('a score of 80 with no activity is 40 after 30 days, and the sweep detects the downward crossing', async () => {
    const { api, contactId } = await scoredContact();
    expect((await storedScore(ctx, contactId))?.score).toBe(80);
    expect(await outboxRows(ctx, contactId, 'task')).toHaveLength(1);
    expect(await outboxRows(ctx, contactId, 'property_update')).toHaveLength(0);

    ctx.clock.advance(30 * day);
    // Nothing happened to the contact: only the periodic sweep (the `scoring.decaySweep` cron) notices.
    expect(await sweepDecay(ctx.deps)).toEqual({ installations: 1, requested: 1 });
    await drainScoring(ctx);

    const decayed = await storedScore(ctx, contactId);
    expect(decayed?.score).toBe(40);
    expect(decayed?.computedAt).toEqual(ctx.clock.now());
    expect(decayed?.thresholdState).toEqual({
      mql: { state: 'below', crossings: 1 },
      cooled: { state: 'below', crossings: 1 },
    });
    const updates = await outboxRows(ctx, contactId, 'property_update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.idempotencyKey).toBe(`${contactId}:cooled:down:1:0`);
    expect(updates[0]?.payload).toMatchObject({
      property: 'lead_status',
      value: 'Nurture',
      source: 'scoring',
    });
    expect((await actionRows(ctx, contactId)).map((a) => [a.thresholdId, a.direction, a.status])).toEqual([
      ['mql', 'up', 'done'],
      ['cooled', 'down', 'done'],
    ]);

    const explained = await api.get(`/v1/contacts/${contactId}/score`);
    expect(explained.body.score).toBe(40);
    expect(explained.body.explanation[0]).toBe('+40 Booked a meeting (+80 before decay)');
    expect(explained.body.thresholds).toEqual([
      { id: 'mql', label: 'MQL', score: 50, state: 'below', crossings: 1 },
      { id: 'cooled', label: 'Cooled off', score: 50, state: 'below', crossings: 1 },
    ]);
  });

  it('later sweeps keep decaying without firing the crossing again', async () => {
    const { contactId } = await scoredContact();
    ctx.clock.advance(30 * day);
    expect((await sweepDecay(ctx.deps)).requested).toBe(1);
    await drainScoring(ctx);
    // Just computed: the next sweep in the same quarter hour leaves it alone.
    expect((await sweepDecay(ctx.deps)).requested).toBe(0);

    ctx.clock.advance(30 * day);
    expect((await sweepDecay(ctx.deps)).requested).toBe(1);
    await drainScoring(ctx);
    expect((await storedScore(ctx, contactId))?.score).toBe(20);
    expect(await outboxRows(ctx, contactId, 'property_update')).toHaveLength(1);
    expect(await outboxRows(ctx, contactId, 'task')).toHaveLength(1);
  });

  it('the sweep skips contacts nothing can move (no contribution) and installations without a model', async () => {
    const { api } = await newInstallation(ctx);
    await publishedModel(api, decayModel);
    const idle = await api.post('/v1/contacts', { email: 'idle@example.com' });
    await drainScoring(ctx);
    expect((await storedScore(ctx, idle.body.id))?.score).toBe(0);
    await newInstallation(ctx, 'No model');
    ctx.clock.advance(30 * day);
    expect(await sweepDecay(ctx.deps)).toEqual({ installations: 1, requested: 0 });
  });
});
