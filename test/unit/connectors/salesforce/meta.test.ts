import { describe, expect, it } from 'vitest';
import {
  checkTandemFields,
  TANDEM_FIELDS,
  toCanonicalOwner,
  toCanonicalPipeline,
} from '../../../../connectors/salesforce/meta';

const USER = '005000000000001AAA';
const stage = (ApiName: string, SortOrder: number | null, more: Record<string, unknown> = {}) => ({
  ApiName,
  MasterLabel: ApiName,
  IsActive: true,
  IsClosed: false,
  IsWon: false,
  SortOrder,
  ...more,
});
const describeOf = (fields: { name: string; updateable?: boolean }[]) => ({ name: 'Lead', fields });

describe('toCanonicalOwner', () => {
  it('happy: a User is its own owner, email lower-cased, blanks null, inactive archived', () => {
    expect(
      toCanonicalOwner({
        Id: USER,
        IsActive: false,
        Email: ' Ann@Example.TEST ',
        FirstName: ' ',
        LastName: 'Lee',
      }),
    ).toEqual({
      ok: true,
      value: {
        externalId: USER,
        userId: USER,
        email: 'ann@example.test',
        firstName: null,
        lastName: 'Lee',
        archived: true,
      },
    });
  });

  it('sad: a row without Id or IsActive is malformed', () => {
    expect(toCanonicalOwner({ Id: USER })).toEqual({ ok: false, reason: 'malformed user' });
    expect(toCanonicalOwner(null).ok).toBe(false);
  });
});

describe('toCanonicalPipeline', () => {
  it('happy: one opportunities pipeline, stages in SortOrder (nulls last), inactive labelled', () => {
    const { pipeline, skipped } = toCanonicalPipeline([
      stage('Closed Won', 3, { IsClosed: true, IsWon: true }),
      stage('Later', null),
      stage('Old', 2, { IsActive: false, MasterLabel: 'Old stage' }),
      stage('Prospecting', 1, { MasterLabel: '' }),
    ]);
    expect(skipped).toBe(0);
    expect(pipeline).toMatchObject({ id: 'opportunities', label: 'Opportunities' });
    expect(pipeline.stages).toEqual([
      { id: 'Prospecting', label: 'Prospecting', closed: false, won: false },
      { id: 'Old', label: 'Old stage (inactive)', closed: false, won: false },
      { id: 'Closed Won', label: 'Closed Won', closed: true, won: true },
      { id: 'Later', label: 'Later', closed: false, won: false },
    ]);
  });

  it('sad: malformed rows are skipped and counted', () => {
    const { pipeline, skipped } = toCanonicalPipeline([stage('A', 1), { ApiName: 'B' }, 'x']);
    expect(pipeline.stages.map((s) => s.id)).toEqual(['A']);
    expect(skipped).toBe(2);
  });
});

describe('checkTandemFields', () => {
  it('happy: all our fields present and editable, matched case-insensitively', () => {
    const fields = TANDEM_FIELDS.map((name) => ({ name: name.toLowerCase(), updateable: true }));
    expect(checkTandemFields(describeOf(fields))).toEqual({
      ok: true,
      value: { sobject: 'Lead', missing: [], readOnly: [] },
    });
  });

  it('sad: missing fields and fields the user cannot edit are listed in our order', () => {
    const fields = TANDEM_FIELDS.filter((n) => n !== 'Tandem_Band__c' && n !== 'Tandem_Time_Zone__c').map(
      (name) => ({ name, updateable: name !== 'Tandem_Score__c' }),
    );
    expect(checkTandemFields(describeOf([{ name: 'Email' }, ...fields]))).toEqual({
      ok: true,
      value: {
        sobject: 'Lead',
        missing: ['Tandem_Band__c', 'Tandem_Time_Zone__c'],
        readOnly: ['Tandem_Score__c'],
      },
    });
  });

  it('sad: a describe without fields is malformed', () => {
    expect(checkTandemFields({ name: 'Lead' })).toEqual({ ok: false, reason: 'malformed describe result' });
  });
});
