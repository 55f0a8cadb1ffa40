import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { associate } from '../../connectors/hubspot/fake/associations';
import { webhookHeaders } from '../../connectors/hubspot/fake/signer';
import { putObject } from '../../connectors/hubspot/fake/state';
import { contacts, crmOutbox, enrollments } from '../../src/db/schema';
import { drainOutbox } from '../../src/services/hubspot/outbox-drain';
import { backfillJob, incrementalJob } from '../../src/services/hubspot/sync';
import { applyWebhooks } from '../../src/services/hubspot/webhook-apply';
import { useTestContext } from '../helpers/context';
import { browserInstall, CHROME, publishOutreach } from '../helpers/e2e-outreach';
import { apiFor, drainJobs } from '../helpers/fixtures';
import { signedHubSpotCall } from '../helpers/hubspot-signed';
import { HUBSPOT_ENV, syncPortal } from '../helpers/hubspot-sync';
import { drainScoring } from '../helpers/scoring';

const ctx = useTestContext({ env: HUBSPOT_ENV });
const { portal, server, reset } = syncPortal(ctx);
beforeEach(reset);
afterAll(() => server.close());

/** The admin clicks Install: our route, HubSpot's consent redirect, our callback with the cookie. */
async function install() {
  const body = await browserInstall<{ installation: { id: string }; apiKey: string }>(
    ctx,
    '/oauth/hubspot/install',
  );
  return { installationId: body.installation.id, api: apiFor(ctx, body.apiKey) };
}

const enrollmentOf = async (contactId: string) =>
  (await ctx.handle.db.select().from(enrollments).where(eq(enrollments.contactId, contactId)))[0]!;

describe('HubSpot end to end', () => {
  it('install -> backfill 1,000 -> workflow enroll -> send -> MQL task and lifecycle -> deal pauses -> lost resumes', async () => {
    const fake = portal.fake;
    fake.seed({ owners: 2, contacts: 1000, pipeline: true });
    const { installationId, api } = await install();

    await backfillJob(ctx.deps, installationId);
    const synced = await ctx.handle.db
      .select({ id: contacts.id, externalId: contacts.externalId, email: contacts.email })
      .from(contacts)
      .where(and(eq(contacts.installationId, installationId), isNotNull(contacts.externalId)));
    expect(synced).toHaveLength(1000);
    const lead = synced.find((c) => c.email === 'contact-7@example.test')!;

    const sequenceId = await publishOutreach(api);
    const call = await signedHubSpotCall(
      ctx,
      'sec',
      'POST',
      '/hubspot/actions/enroll',
      {
        callbackId: 'ap-1-7',
        origin: { portalId: 42, actionDefinitionId: 9001, actionDefinitionVersion: 1 },
        context: { source: 'WORKFLOWS', workflowId: 77 },
        object: { objectId: Number(lead.externalId), objectType: 'CONTACT' },
        inputFields: { sequenceId },
      },
      { v3: true },
    );
    expect(call.body.outputFields).toMatchObject({ hs_execution_state: 'SUCCESS', outcome: 'enrolled' });

    expect(await drainJobs(ctx, 1)).toEqual(['sent']);
    expect(ctx.sink.messages.map((m) => m.to)).toEqual([['contact-7@example.test']]);
    const link = /href="http:\/\/tandem\.test(\/t\/c\/[^"]+)"/.exec(ctx.sink.messages[0]!.html ?? '')?.[1];
    expect(link).toBeDefined();

    // A person reads it twenty minutes later and clicks: past MQL, a task and a lifecycle change.
    ctx.clock.advance(20 * 60_000);
    expect((await ctx.app.request(link!, { headers: { 'user-agent': CHROME } })).status).toBe(302);
    await drainScoring(ctx, 5000);
    const drained = await drainOutbox(ctx.deps, installationId);
    expect(drained).toMatchObject({ status: 'drained' });
    const tasks = [...(fake.state.objects.get('tasks')?.values() ?? [])];
    expect(tasks.map((t) => t.properties.hs_task_subject)).toEqual(['Call this lead']);
    expect(fake.state.associations).toContainEqual(
      expect.objectContaining({ from: `tasks:${tasks[0]!.id}`, to: `contacts:${lead.externalId}` }),
    );
    const hsLead = fake.state.objects.get('contacts')?.get(lead.externalId!);
    expect(hsLead?.properties).toMatchObject({
      lifecyclestage: 'marketingqualifiedlead',
      tandem_score: '60',
      tandem_band: 'MQL',
      tandem_sequence_status: 'active',
      tandem_last_step: 'intro',
    });
    const failed = await ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.status, 'failed'));
    expect(failed).toEqual([]);

    // Sales opens a deal for the contact: the next pull pauses the enrollment; nothing goes out.
    const deal = putObject(fake.state, 'deals', {
      dealname: 'Contact 7 deal',
      pipeline: 'default',
      dealstage: 'qualifiedtobuy',
    });
    associate(fake.state, `deals:${deal.id}`, `contacts:${lead.externalId}`, 3);
    associate(fake.state, `contacts:${lead.externalId}`, `deals:${deal.id}`, 4);
    ctx.clock.advance(5 * 60_000);
    await incrementalJob(ctx.deps, installationId);
    expect(await enrollmentOf(lead.id)).toMatchObject({ status: 'paused', pauseReason: 'deal_in_progress' });
    ctx.clock.advance(3 * 86_400_000);
    expect(await drainJobs(ctx)).toEqual([]);
    expect(ctx.sink.messages).toHaveLength(1);

    // The deal closes lost; HubSpot tells us by a signed webhook: the enrollment resumes and step 2 goes.
    putObject(fake.state, 'deals', { dealstage: 'closedlost' }, deal.id);
    const events = [
      {
        eventId: 1,
        subscriptionId: 11,
        portalId: 42,
        appId: 7,
        occurredAt: ctx.clock.now().getTime(),
        subscriptionType: 'deal.propertyChange',
        attemptNumber: 0,
        objectId: Number(deal.id),
        propertyName: 'dealstage',
        propertyValue: 'closedlost',
        changeSource: 'CRM_UI',
      },
    ];
    const body = JSON.stringify(events);
    const hook = await ctx.app.request('/hubspot/webhooks', {
      method: 'POST',
      headers: webhookHeaders('sec', 'http://tandem.test/hubspot/webhooks', body, ctx.clock.now().getTime()),
      body,
    });
    expect(hook.status).toBe(200);
    await applyWebhooks(ctx.deps, { installationId });
    expect(await enrollmentOf(lead.id)).toMatchObject({ status: 'active' });
    expect(await drainJobs(ctx)).toEqual(['sent']);
    expect(ctx.sink.messages.map((m) => m.subject)).toEqual(['Intro for Contact', 'Follow-up for Contact']);
  });
});
