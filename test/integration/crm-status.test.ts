import { eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { crmOutbox, installations } from '../../src/db/schema';
import { newId } from '../../src/lib/ids';
import { saveSyncState } from '../../src/services/crm/sync-state';
import { useTestContext } from '../helpers/context';
import { newInstallation } from '../helpers/fixtures';
import { connectedInstallation, HUBSPOT_ENV, syncPortal } from '../helpers/hubspot-sync';

const ctx = useTestContext({ env: HUBSPOT_ENV });
const { portal, server, reset } = syncPortal(ctx);
afterAll(() => server.close());
beforeEach(reset);

async function outbox(installationId: string, status: 'pending' | 'done' | 'failed') {
  const id = newId('act');
  await ctx.deps.db.insert(crmOutbox).values({
    id,
    installationId,
    contactId: null,
    kind: 'property_update',
    payload: {},
    idempotencyKey: `t:${id}`,
    status,
    createdAt: ctx.clock.now(),
  });
}

describe('GET /v1/crm/status', () => {
  it('happy: connection, each object with progress, and the outbox backlog', async () => {
    const { id, api } = await connectedInstallation(ctx, portal.fake);
    const started = ctx.clock.now();
    ctx.clock.advance(20_000);
    await saveSyncState(ctx.deps.db, id, 'contacts', {
      phase: 'backfill',
      done: 400,
      total: 1000,
      startedAt: started,
      lastRunAt: ctx.clock.now(),
      cursor: JSON.stringify({ after: '1400', skipped: 2 }),
    });
    for (const s of ['pending', 'pending', 'failed', 'done'] as const) await outbox(id, s);
    const res = await api.get('/v1/crm/status');
    expect(res.status).toBe(200);
    expect(res.body.connection).toMatchObject({
      crm: 'hubspot',
      status: 'connected',
      portalId: '42',
      reason: null,
    });
    expect(res.body.sync).toEqual([
      expect.objectContaining({
        object: 'contacts',
        phase: 'backfill',
        done: 400,
        total: 1000,
        percent: 40,
        ratePerSecond: 20,
        etaSeconds: 30,
        skipped: 2,
        lastError: null,
      }),
    ]);
    expect(res.body.outbox).toEqual({ pending: 2, failed: 1 });
  });

  it('error: a disconnected portal says why; an installation without a CRM says not_connected', async () => {
    const { id, api } = await connectedInstallation(ctx, portal.fake);
    await ctx.deps.db
      .update(installations)
      .set({
        connectionStatus: 'disconnected',
        disconnectedReason: 'app uninstalled',
        disconnectedAt: ctx.clock.now(),
      })
      .where(eq(installations.id, id));
    await saveSyncState(ctx.deps.db, id, 'contacts', { lastError: 'unauthorized: revoked' });
    const res = await api.get('/v1/crm/status');
    expect(res.body.connection).toMatchObject({ status: 'disconnected', reason: 'app uninstalled' });
    expect(res.body.sync[0]).toMatchObject({ object: 'contacts', lastError: 'unauthorized: revoked' });
    const plain = await newInstallation(ctx, 'No CRM');
    const none = await plain.api.get('/v1/crm/status');
    expect(none.status).toBe(200);
    expect(none.body).toEqual({
      connection: expect.objectContaining({ crm: 'none', status: 'not_connected', portalId: null }),
      sync: [],
      outbox: { pending: 0, failed: 0 },
    });
  });

  it("security: no key is 401; one installation's key never sees another's state", async () => {
    const { id } = await connectedInstallation(ctx, portal.fake);
    await saveSyncState(ctx.deps.db, id, 'contacts', { done: 5 });
    await outbox(id, 'pending');
    expect((await ctx.app.request('/v1/crm/status')).status).toBe(401);
    const other = await newInstallation(ctx, 'Other');
    const res = await other.api.get('/v1/crm/status');
    expect(res.body.sync).toEqual([]);
    expect(res.body.outbox).toEqual({ pending: 0, failed: 0 });
  });
});
