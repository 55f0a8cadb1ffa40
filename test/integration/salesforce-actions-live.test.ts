import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../src/db/schema';
import { issueCalloutSecret } from '../../src/services/salesforce/callout-secret';
import { useTestContext } from '../helpers/context';
import { publishedSequence } from '../helpers/fixtures';
import { SALESFORCE_ENV, startFakeOrg, useFakeSalesforce } from '../helpers/salesforce-fake';
import { flowCallout } from '../helpers/salesforce-flow';
import { connectedSalesforce } from '../helpers/salesforce-org';

const org = await startFakeOrg();
const ctx = useTestContext({ env: SALESFORCE_ENV(org.url) });
useFakeSalesforce(ctx, org);

async function installed() {
  const { installationId, api } = await connectedSalesforce(ctx, org);
  const secret = await issueCalloutSecret(ctx.deps, ctx.handle.db, installationId);
  const { sequenceId } = await publishedSequence(api, [{ key: 's1', subject: 'One' }]);
  const enroll = async (requests: Array<{ requestId: string; recordId: string }>) => {
    const res = await flowCallout(ctx, org, secret, '/salesforce/actions/enroll', {
      requests: requests.map((r) => ({ ...r, sequenceId })),
    });
    expect(res.status).toBe(200);
    return (res.body.results as Array<{ outcome: string }>).map((r) => r.outcome);
  };
  return { installationId, enroll };
}

describe('Flow enrollment of a record the sync has not reached yet', () => {
  it('reads new Leads and Contacts live in one query per object and enrolls them', async () => {
    const { installationId, enroll } = await installed();
    // A record-triggered Flow fires as the records are created, before any pull.
    const lead = org.fake.putRecord('Lead', {
      Email: 'New.Lead@Example.test',
      LastName: 'New',
      Company: 'X',
    });
    const contact = org.fake.putRecord('Contact', { Email: 'new.contact@example.test', LastName: 'New' });
    const before = org.fake.state.requests.length;
    expect(
      await enroll([
        { requestId: 'i-1', recordId: lead.Id as string },
        { requestId: 'i-2', recordId: contact.Id as string },
      ]),
    ).toEqual(['enrolled', 'enrolled']);
    const queries = org.fake.state.requests.slice(before).filter((r) => r.path.endsWith('/query'));
    expect(queries).toHaveLength(2);
    const rows = await ctx.handle.db
      .select({ email: contacts.email, externalId: contacts.externalId })
      .from(contacts)
      .where(eq(contacts.installationId, installationId));
    expect(rows).toEqual(
      expect.arrayContaining([
        { email: 'new.lead@example.test', externalId: lead.Id },
        { email: 'new.contact@example.test', externalId: contact.Id },
      ]),
    );
  });

  it('answers contact_unknown for a record without an email or one Salesforce does not have', async () => {
    const { installationId, enroll } = await installed();
    const noEmail = org.fake.putRecord('Lead', { LastName: 'Nomail', Company: 'X' });
    expect(
      await enroll([
        { requestId: 'i-3', recordId: noEmail.Id as string },
        { requestId: 'i-4', recordId: '00Q5g00000NoPe1EAF' },
      ]),
    ).toEqual(['contact_unknown', 'contact_unknown']);
    const rows = await ctx.handle.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.installationId, installationId)));
    expect(rows).toEqual([]);
  });

  it('reads nothing when the records are already held', async () => {
    const { enroll } = await installed();
    const lead = org.fake.putRecord('Lead', { Email: 'held@example.test', LastName: 'Held', Company: 'X' });
    expect(await enroll([{ requestId: 'i-5', recordId: lead.Id as string }])).toEqual(['enrolled']);
    const before = org.fake.state.requests.length;
    expect(await enroll([{ requestId: 'i-6', recordId: lead.Id as string }])).toEqual(['already_enrolled']);
    expect(org.fake.state.requests.length).toBe(before);
  });
});
