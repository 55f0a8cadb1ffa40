import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { installations } from '../../src/db/schema';
import { recomputeContact } from '../../src/services/scoring/recompute';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';
import { drainScoring, outboxRows, publishedModel, recordEvent } from '../helpers/scoring';

const ctx = useTestContext();

async function setup(crm: 'hubspot' | 'none') {
  const s = await newInstallation(ctx);
  await ctx.handle.db.update(installations).set({ crm }).where(eq(installations.id, s.installationId));
  await publishedModel(s.api, {
    name: 'Fit',
    halfLifeDays: null,
    rules: [{ id: 'visit', label: 'Visited pricing', kind: 'event', event: 'page_visited', points: 30 }],
    thresholds: [{ id: 'mql', label: 'MQL', score: 50, hysteresis: 5, direction: 'up', actions: [] }],
  });
  const c = await s.api.post('/v1/contacts', { email: 'lee@example.com', externalId: 'hs-7' });
  expect(c.status).toBe(200);
  return { ...s, contactId: c.body.id as string };
}

const pushes = async (contactId: string) =>
  (await outboxRows(ctx, contactId, 'property_update')).map((r) => r.payload.properties);

describe('score and band are pushed to the CRM contact when they change', () => {
  it('each change queues one write with score and band; an unchanged score queues none', async () => {
    const s = await setup('hubspot');
    await recordEvent(ctx, { installationId: s.installationId, contactId: s.contactId, type: 'visited' });
    await drainScoring(ctx);
    expect(await pushes(s.contactId)).toEqual([{ tandem_score: 30, tandem_band: '' }]);
    ctx.clock.advance(60_000);
    await recordEvent(ctx, { installationId: s.installationId, contactId: s.contactId, type: 'visited' });
    await drainScoring(ctx);
    expect(await pushes(s.contactId)).toContainEqual({ tandem_score: 60, tandem_band: 'MQL' });
    const before = (await pushes(s.contactId)).length;
    // A recompute that changes nothing writes nothing.
    ctx.clock.advance(60_000);
    await recomputeContact(ctx.deps, { installationId: s.installationId, contactId: s.contactId });
    expect(await pushes(s.contactId)).toHaveLength(before);
  });

  it('an installation without a CRM queues nothing', async () => {
    const s = await setup('none');
    await recordEvent(ctx, { installationId: s.installationId, contactId: s.contactId, type: 'visited' });
    await drainScoring(ctx);
    expect(await pushes(s.contactId)).toEqual([]);
  });
});
