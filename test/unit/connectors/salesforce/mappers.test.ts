import { describe, expect, it } from 'vitest';
import { modstampIso, toCanonicalContact, toCanonicalDeal } from '../../../../connectors/salesforce/mappers';
import {
  rawContact,
  rawContactRole,
  rawLead,
  rawOpportunity,
} from '../../../../connectors/salesforce/schemas';

const STAMP = '2026-03-02T14:00:00.000+0000';
const lead = (over: Record<string, unknown> = {}) =>
  rawLead.parse({
    Id: '00Q5g00000000AAEAY',
    Email: ' Ann@Example.COM ',
    FirstName: 'Ann',
    LastName: 'Lee',
    Company: 'Acme',
    Country: 'DE',
    State: 'BE',
    OwnerId: '0055g00000000AAAAY',
    Status: 'Open - Not Contacted',
    HasOptedOutOfEmail: false,
    IsConverted: false,
    ConvertedContactId: null,
    Tandem_Lifecycle__c: 'lead',
    Tandem_Time_Zone__c: 'Europe/Berlin',
    SystemModstamp: STAMP,
    ...over,
  });

describe('Salesforce mappers', () => {
  it('maps a Lead: address lower-cased, country/state, zone, owner, lifecycle, version stamp', () => {
    const mapped = toCanonicalContact({ sobject: 'Lead', row: lead() });
    expect(mapped).toEqual({
      ok: true,
      value: expect.objectContaining({
        externalId: '00Q5g00000000AAEAY',
        email: 'ann@example.com',
        company: 'Acme',
        country: 'DE',
        region: 'BE',
        timeZone: 'Europe/Berlin',
        ownerId: '0055g00000000AAAAY',
        lifecycleStage: 'lead',
        updatedAt: '2026-03-02T14:00:00.000Z',
      }),
    });
    expect(mapped.ok && mapped.value.properties).toMatchObject({
      sobject: 'Lead',
      SystemModstamp: STAMP,
      Status: 'Open - Not Contacted',
      HasOptedOutOfEmail: false,
    });
  });

  it('maps a Contact from its mailing address; a bad zone is dropped, not guessed', () => {
    const row = rawContact.parse({
      ...lead(),
      Id: '0035g00000000AAAAY',
      MailingCountry: 'US',
      MailingState: 'NY',
      Tandem_Time_Zone__c: 'Mars/Olympus',
    });
    const mapped = toCanonicalContact({ sobject: 'Contact', row });
    expect(mapped.ok && mapped.value).toMatchObject({
      country: 'US',
      region: 'NY',
      company: null,
      timeZone: null,
    });
    expect(mapped.ok && mapped.value.properties.sobject).toBe('Contact');
  });

  it('reads Bulk CSV cells: "true"/"false" and empty cells', () => {
    const row = lead({ HasOptedOutOfEmail: 'true', IsConverted: 'false', Country: '', Company: '' });
    expect(row).toMatchObject({ HasOptedOutOfEmail: true, IsConverted: false, Country: null, Company: null });
  });

  it('refuses a person without an address', () => {
    expect(toCanonicalContact({ sobject: 'Lead', row: lead({ Email: '' }) })).toMatchObject({ ok: false });
  });

  it('a deal links its live roles, versioned by the newest of the opportunity and its roles', () => {
    const opp = rawOpportunity.parse({
      Id: '0065g00000000AAAAY',
      StageName: 'Prospecting',
      SystemModstamp: STAMP,
    });
    const role = (id: string, contact: string, stamp: string, deleted = false) =>
      rawContactRole.parse({
        Id: id,
        OpportunityId: opp.Id,
        ContactId: contact,
        IsDeleted: deleted,
        SystemModstamp: stamp,
      });
    const mapped = toCanonicalDeal(opp, [
      role('00K5g00000000AAEAY', '0035g00000000AAAAY', '2026-03-02T14:05:00.000+0000'),
      role('00K5g00000000ABEAY', '0035g00000000ABAAY', '2026-03-02T14:09:00.000+0000', true),
      role('00K5g00000000ACEAY', '0035g00000000AAAAY', STAMP),
    ]);
    expect(mapped).toEqual({
      ok: true,
      value: {
        externalId: opp.Id,
        pipelineId: 'opportunities',
        stageId: 'Prospecting',
        contactExternalIds: ['0035g00000000AAAAY'],
        updatedAt: '2026-03-02T14:09:00.000Z',
      },
    });
    expect(modstampIso('not a date')).toBeNull();
  });
});
