import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contactScores, contacts, enrollments } from '../../src/db/schema';
import { backfillJob, incrementalJob } from '../../src/services/salesforce/sync';
import { useTestContext } from '../helpers/context';
import { threeSteps } from '../helpers/engagement';
import { type Api, publishedSequence } from '../helpers/fixtures';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { connectedSalesforce } from '../helpers/salesforce-org';
import { clockedPulls } from '../helpers/salesforce-pull';
import { drainScoring, publishedModel, recordEvent } from '../helpers/scoring';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

const MIN = 60_000;
const { options, pull } = clockedPulls(ctx);
const model = {
  name: 'Engagement',
  halfLifeDays: null,
  rules: [{ id: 'clicked', label: 'Clicked a link', kind: 'event', event: 'email_clicked', points: 10 }],
  thresholds: [],
};

async function synced(seed: Parameters<typeof org.fake.seed>[0]) {
  const seeded = org.fake.seed(seed);
  const { installationId: id, api } = await connectedSalesforce(ctx, org);
  expect(await backfillJob(ctx.deps, id, options(id))).toBe('done');
  await publishedModel(api, model);
  const seq = await publishedSequence(api, threeSteps);
  return { id, api, sequenceId: seq.sequenceId, ...seeded };
}

/** Enrolls the synced person with `email` in the sequence and scores one click. */
async function engaged(id: string, api: Api, sequenceId: string, email: string) {
  const res = await api.post('/v1/enrollments', { sequenceId, contact: { email } });
  expect(res.status).toBe(201);
  const contactId = res.body.enrollment.contactId as string;
  await recordEvent(ctx, { installationId: id, contactId, type: 'clicked' });
  await drainScoring(ctx);
  return contactId;
}

async function state(id: string) {
  const db = ctx.handle.db;
  const rows = await db.select().from(contacts).where(eq(contacts.installationId, id));
  const live = rows.filter((r) => r.deletedAt === null);
  const ids = rows.map((r) => r.id);
  const running = await db
    .select()
    .from(enrollments)
    .where(and(inArray(enrollments.contactId, ids), inArray(enrollments.status, ['active', 'paused'])));
  const scores = await db.select().from(contactScores).where(inArray(contactScores.contactId, ids));
  return { rows, live, running, scores };
}

describe('Salesforce lead conversion', () => {
  it('a converted lead we hold alone keeps its row, score and enrollment under the Contact Id', async () => {
    const { id, api, sequenceId, leads } = await synced({ leads: 2 });
    const lead = leads[0]!;
    const rowId = await engaged(id, api, sequenceId, 'lead-1@example.test');
    // Edited, pulled and converted within one second: the Contact carries the Lead's last stamp.
    ctx.clock.advance(MIN);
    org.fake.putRecord('Lead', { FirstName: 'Touched' }, lead.Id);
    await incrementalJob(ctx.deps, id, options(id));
    const { contactId } = org.fake.convertLead(lead.Id);
    await pull(id);

    const after = await state(id);
    expect(after.live).toHaveLength(2);
    const row = after.live.find((r) => r.id === rowId);
    expect(row).toMatchObject({ externalId: contactId, email: 'lead-1@example.test' });
    // The Contact's own pull wrote it after the re-key (its version, its fields).
    expect(row?.properties).toMatchObject({ sobject: 'Contact', convertedFromLead: lead.Id });
    expect(row?.properties).toHaveProperty('MailingCountry');
    expect(row?.properties.SystemModstamp).toEqual(expect.any(String));
    expect(after.rows.filter((r) => r.externalId === lead.Id)).toHaveLength(0);
    expect(after.running.map((e) => e.contactId)).toEqual([rowId]);
    expect(after.scores.filter((s) => s.contactId === rowId)).toHaveLength(1);

    // Re-pulled (the lead touched again): nothing changes.
    org.fake.putRecord('Lead', { Description: 'x' }, lead.Id);
    await pull(id);
    const again = await state(id);
    expect(again.rows.map((r) => [r.id, r.externalId, r.deletedAt])).toEqual(
      after.rows.map((r) => [r.id, r.externalId, r.deletedAt]),
    );
    expect(again.running).toHaveLength(1);
  });

  it('a lead converted into a Contact we hold merges into it: one row, one score, one enrollment', async () => {
    const { id, api, sequenceId, leads, contacts: people } = await synced({ leads: 1, contacts: 1 });
    const [lead, contact] = [leads[0]!, people[0]!];
    const leadRow = await engaged(id, api, sequenceId, 'lead-1@example.test');
    const contactRow = await engaged(id, api, sequenceId, 'contact-1@example.test');
    expect((await state(id)).running).toHaveLength(2);
    ctx.clock.advance(MIN);
    // Converted into the existing Contact (the fake's convertLead always makes a new one).
    org.fake.putRecord(
      'Lead',
      { IsConverted: true, ConvertedContactId: contact.Id, Status: 'Closed - Converted' },
      lead.Id,
    );
    await pull(id);

    const after = await state(id);
    expect(after.live.map((r) => [r.id, r.externalId])).toEqual([[contactRow, contact.Id]]);
    const tombstone = after.rows.find((r) => r.id === leadRow);
    expect(tombstone?.deletedAt).not.toBeNull();
    expect(tombstone?.properties).toMatchObject({ mergedInto: contactRow });
    expect(after.running.map((e) => e.contactId)).toEqual([contactRow]);
    expect(after.scores.map((s) => s.contactId)).toEqual([contactRow]);

    ctx.clock.advance(MIN);
    org.fake.putRecord('Lead', { FirstName: 'Again' }, lead.Id);
    await pull(id);
    const again = await state(id);
    expect(again.live.map((r) => r.id)).toEqual([contactRow]);
    expect(again.running).toHaveLength(1);
    expect(again.scores).toHaveLength(1);
  });
});
