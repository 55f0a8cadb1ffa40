import { describe, expect, it } from 'vitest';
import { salesforceFields } from '../../../../connectors/salesforce/fields';

describe('salesforceFields', () => {
  it('maps our properties to the custom fields, typed as Salesforce wants them', () => {
    expect(
      salesforceFields('Lead', {
        tandem_score: '60',
        tandem_band: 'MQL',
        tandem_sequence_status: 'active',
        tandem_last_step: 'intro',
        tandem_next_step_at: '2026-12-03T09:00:00.000Z',
        lifecyclestage: 'marketingqualifiedlead',
        hs_lead_status: 'Working - Contacted',
      }),
    ).toEqual({
      fields: {
        Tandem_Score__c: 60,
        Tandem_Band__c: 'MQL',
        Tandem_Sequence_Status__c: 'active',
        Tandem_Last_Step__c: 'intro',
        Tandem_Next_Step_At__c: '2026-12-03T09:00:00.000Z',
        Tandem_Lifecycle__c: 'marketingqualifiedlead',
        Status: 'Working - Contacted',
      },
      dropped: [],
    });
  });

  it('clears with null, drops a lead status on a Contact and names it does not know', () => {
    expect(
      salesforceFields('Contact', {
        tandem_next_step_at: '',
        tandem_score: 'n/a',
        lead_status: 'Open',
        hs_something: 'x',
        Title: 'CTO',
        Custom_Thing__c: 1,
        Id: '003x',
      }),
    ).toEqual({
      fields: { Tandem_Next_Step_At__c: null, Tandem_Score__c: null, Title: 'CTO', Custom_Thing__c: 1 },
      dropped: ['lead_status', 'hs_something', 'Id'],
    });
  });
});
