import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, crmDealContacts, enrollments } from '../../src/db/schema';
import { replacePipelines } from '../../src/services/crm/store-pipelines';
import { backfillJob } from '../../src/services/salesforce/sync';
import { useTestContext } from '../helpers/context';
import { threeSteps } from '../helpers/engagement';
import { publishedSequence } from '../helpers/fixtures';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';
import { clockedPulls } from '../helpers/salesforce-pull';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

const MIN = 60_000;
const { options, pull } = clockedPulls(ctx);

/** A synced org with its opportunity stages stored (setup's job) and contact-1 enrolled. */
async function enrolled() {
  const seeded = org.fake.seed({ contacts: 3 });
  const { installationId: id, api } = await connectedSalesforce(ctx, org);
  const stages = [...org.fake.state.records.get('OpportunityStage')!.values()].map((s) => ({
    id: String(s.ApiName),
    label: String(s.MasterLabel),
    closed: Boolean(s.IsClosed),
    won: Boolean(s.IsWon),
  }));
  await replacePipelines(
    ctx.handle.db,
    id,
    [{ id: 'opportunities', label: 'Opportunities', stages }],
    ctx.clock.now(),
  );
  expect(await backfillJob(ctx.deps, id, options(id))).toBe('done');
  const seq = await publishedSequence(api, threeSteps);
  const res = await api.post('/v1/enrollments', {
    sequenceId: seq.sequenceId,
    contact: { email: 'contact-1@example.test' },
  });
  expect(res.status).toBe(201);
  const contact = seeded.contacts[0]!;
  const [mine] = await ctx.handle.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.installationId, id), eq(contacts.externalId, contact.Id)));
  expect(res.body.enrollment.contactId).toBe(mine?.id);
  return { id, contact, enrollmentId: res.body.enrollment.id as string, contactId: mine!.id };
}
const enrollment = async (enrollmentId: string) =>
  (await ctx.handle.db.select().from(enrollments).where(eq(enrollments.id, enrollmentId)))[0]!;

describe('Salesforce pull sync: opportunities and opt-out', () => {
  it('an open opportunity with a contact role pauses the enrollment; closed lost resumes it', async () => {
    const { id, contact, enrollmentId } = await enrolled();
    const opp = org.fake.putRecord('Opportunity', {
      Name: 'Big',
      StageName: 'Prospecting',
      CloseDate: '2026-04-01',
    });
    org.fake.putRecord('OpportunityContactRole', {
      OpportunityId: opp.Id,
      ContactId: contact.Id,
      IsPrimary: true,
    });
    await pull(id);
    expect(await enrollment(enrollmentId)).toMatchObject({
      status: 'paused',
      pauseReason: 'deal_in_progress',
    });
    const links = await ctx.handle.db
      .select()
      .from(crmDealContacts)
      .where(eq(crmDealContacts.dealExternalId, opp.Id));
    expect(links).toHaveLength(1);

    ctx.clock.advance(MIN);
    org.fake.putRecord('Opportunity', { StageName: 'Closed Lost' }, opp.Id);
    await pull(id);
    expect(await enrollment(enrollmentId)).toMatchObject({ status: 'active' });
  });

  it('a contact role added later pauses through its own pass; a removed role releases the contact', async () => {
    const { id, contact, enrollmentId } = await enrolled();
    const opp = org.fake.putRecord('Opportunity', {
      Name: 'Solo',
      StageName: 'Qualification',
      CloseDate: '2026-04-01',
    });
    await pull(id);
    expect(await enrollment(enrollmentId)).toMatchObject({ status: 'active' });

    ctx.clock.advance(MIN);
    const role = org.fake.putRecord('OpportunityContactRole', {
      OpportunityId: opp.Id,
      ContactId: contact.Id,
    });
    await pull(id);
    expect(await enrollment(enrollmentId)).toMatchObject({
      status: 'paused',
      pauseReason: 'deal_in_progress',
    });

    ctx.clock.advance(MIN);
    org.fake.deleteRecord('OpportunityContactRole', role.Id);
    await pull(id);
    expect(await enrollment(enrollmentId)).toMatchObject({ status: 'active' });
  });

  it('HasOptedOutOfEmail=true suppresses the contact and exits its enrollments; false lifts nothing', async () => {
    const { id, contact, enrollmentId, contactId } = await enrolled();
    org.fake.putRecord('Contact', { HasOptedOutOfEmail: true }, contact.Id);
    await pull(id);
    expect(await enrollment(enrollmentId)).toMatchObject({ status: 'opted_out' });
    const row = async () =>
      (await ctx.handle.db.select().from(contacts).where(eq(contacts.id, contactId)))[0];
    expect(await row()).toMatchObject({ suppressionReason: 'unsubscribed' });
    const suppressedAt = (await row())?.suppressedAt;
    expect(suppressedAt).not.toBeNull();

    ctx.clock.advance(MIN);
    org.fake.putRecord('Contact', { HasOptedOutOfEmail: false }, contact.Id);
    await pull(id);
    expect(await row()).toMatchObject({ suppressedAt, suppressionReason: 'unsubscribed' });
  });
});
