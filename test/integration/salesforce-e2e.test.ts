import { and, eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contactScores, contacts, crmOutbox, enrollments } from '../../src/db/schema';
import { drainOutbox } from '../../src/services/salesforce/outbox-drain';
import { backfillJob, incrementalJob } from '../../src/services/salesforce/sync';
import { useTestContext } from '../helpers/context';
import { browserInstall, CHROME, publishOutreach } from '../helpers/e2e-outreach';
import { apiFor, drainJobs } from '../helpers/fixtures';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { flowCallout } from '../helpers/salesforce-flow';
import { drainScoring } from '../helpers/scoring';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

/** The admin clicks Install: our route, the org's login page (PKCE), our callback with the cookie. */
async function install() {
  const body = await browserInstall<{ installation: { id: string }; apiKey: string; calloutSecret: string }>(
    ctx,
    '/oauth/salesforce/install',
  );
  return { installationId: body.installation.id, api: apiFor(ctx, body.apiKey), secret: body.calloutSecret };
}

const enrollmentsOf = (contactId: string) =>
  ctx.handle.db.select().from(enrollments).where(eq(enrollments.contactId, contactId));
const tasks = () => [...(org.fake.state.records.get('Task')?.values() ?? [])];

describe('Salesforce end to end', () => {
  it('install -> backfill 1,000 -> Flow enroll -> send -> MQL task and lifecycle -> converted with an open opportunity pauses -> lost resumes', async () => {
    org.fake.seed({ users: 2, leads: 600, contacts: 400 });
    const { installationId, api, secret } = await install();

    await backfillJob(ctx.deps, installationId);
    const synced = await ctx.handle.db
      .select({ id: contacts.id, externalId: contacts.externalId, email: contacts.email })
      .from(contacts)
      .where(and(eq(contacts.installationId, installationId), isNotNull(contacts.externalId)));
    expect(synced).toHaveLength(1000);
    const lead = synced.find((c) => c.email === 'lead-7@example.test')!;
    expect(lead.externalId).toMatch(/^00Q/);

    const sequenceId = await publishOutreach(api);
    const call = await flowCallout(ctx, org, secret, '/salesforce/actions/enroll', {
      requestId: 'interview-7',
      recordId: lead.externalId,
      sequenceId,
    });
    expect(call).toMatchObject({ status: 200, body: { outcome: 'enrolled' } });

    expect(await drainJobs(ctx, 1)).toEqual(['sent']);
    expect(ctx.sink.messages.map((m) => m.to)).toEqual([['lead-7@example.test']]);
    const link = /href="http:\/\/tandem\.test(\/t\/c\/[^"]+)"/.exec(ctx.sink.messages[0]!.html ?? '')?.[1];
    expect(link).toBeDefined();

    // Twenty minutes later a person clicks: past MQL, a Task for the owner and the lifecycle field.
    ctx.clock.advance(20 * 60_000);
    expect((await ctx.app.request(link!, { headers: { 'user-agent': CHROME } })).status).toBe(302);
    await drainScoring(ctx, 5000);
    expect(await drainOutbox(ctx.deps, installationId)).toMatchObject({ status: 'drained' });
    const sfLead = org.fake.state.records.get('Lead')?.get(lead.externalId!);
    expect(tasks().filter((t) => t.Status === 'Not Started')).toEqual([
      expect.objectContaining({
        Subject: 'Call this lead',
        WhoId: lead.externalId,
        OwnerId: sfLead?.OwnerId,
      }),
    ]);
    // The send is in the lead's activity timeline: a completed Email task.
    expect(tasks().filter((t) => t.Status === 'Completed')).toEqual([
      expect.objectContaining({
        WhoId: lead.externalId,
        TaskSubtype: 'Email',
        Subject: 'Email: Intro for Lead',
      }),
    ]);
    expect(sfLead).toMatchObject({
      Tandem_Lifecycle__c: 'marketingqualifiedlead',
      Tandem_Score__c: 60,
      Tandem_Band__c: 'MQL',
      Tandem_Sequence_Status__c: 'active',
      Tandem_Last_Step__c: 'intro',
    });
    expect(await ctx.handle.db.select().from(crmOutbox).where(eq(crmOutbox.status, 'failed'))).toEqual([]);

    // Sales converts the lead with an opportunity in an open stage: the next pull follows the lead to
    // its contact (one contact, one score, one enrollment) and pauses the enrollment; nothing goes out.
    const converted = org.fake.convertLead(lead.externalId!, { opportunity: { StageName: 'Qualification' } });
    ctx.clock.advance(5 * 60_000);
    await incrementalJob(ctx.deps, installationId);
    const people = await ctx.handle.db
      .select({ id: contacts.id, externalId: contacts.externalId })
      .from(contacts)
      .where(eq(contacts.email, 'lead-7@example.test'));
    expect(people).toEqual([{ id: lead.id, externalId: converted.contactId }]);
    expect(await enrollmentsOf(lead.id)).toEqual([
      expect.objectContaining({ status: 'paused', pauseReason: 'deal_in_progress' }),
    ]);
    expect(
      await ctx.handle.db.select().from(contactScores).where(eq(contactScores.contactId, lead.id)),
    ).toHaveLength(1);
    ctx.clock.advance(3 * 86_400_000);
    expect(await drainJobs(ctx)).toEqual([]);
    expect(ctx.sink.messages).toHaveLength(1);

    // The opportunity closes lost: the next pull resumes the enrollment and step 2 goes to the contact.
    org.fake.putRecord('Opportunity', { StageName: 'Closed Lost' }, converted.opportunityId);
    ctx.clock.advance(60_000);
    await incrementalJob(ctx.deps, installationId);
    expect(await enrollmentsOf(lead.id)).toEqual([expect.objectContaining({ status: 'active' })]);
    expect(await drainJobs(ctx)).toEqual(['sent']);
    expect(ctx.sink.messages.map((m) => m.subject)).toEqual(['Intro for Lead', 'Follow-up for Lead']);
    expect(await drainOutbox(ctx.deps, installationId)).toMatchObject({ status: 'drained' });
    expect(
      tasks()
        .filter((t) => t.Status === 'Completed')
        .map((t) => t.WhoId),
    ).toEqual([lead.externalId, converted.contactId]);
  });
});
