// Field catalogue of the fake org: enough of each sObject's describe for our reads, writes and checks.
export type FieldType =
  | 'id'
  | 'reference'
  | 'string'
  | 'email'
  | 'textarea'
  | 'boolean'
  | 'double'
  | 'date'
  | 'datetime'
  | 'picklist';

export type FieldDef = { name: string; type: FieldType; updateable: boolean; picklist?: string[] };

const SYSTEM =
  'Id:id! IsDeleted:boolean! CreatedDate:datetime! LastModifiedDate:datetime! SystemModstamp:datetime!';
const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
];
const TANDEM =
  'Tandem_Score__c:double Tandem_Band__c:string Tandem_Sequence_Status__c:string Tandem_Last_Step__c:string ' +
  'Tandem_Next_Step_At__c:datetime Tandem_Lifecycle__c:picklist Tandem_Time_Zone__c:string';

// `name:type`, a trailing `!` marks a field the API cannot write.
const SPECS: Record<string, string> = {
  User: 'Email:email FirstName:string LastName:string IsActive:boolean Username:string',
  Lead:
    'Email:email FirstName:string LastName:string Company:string Country:string State:string OwnerId:reference ' +
    'Status:picklist HasOptedOutOfEmail:boolean IsConverted:boolean! ConvertedContactId:reference! ' +
    `ConvertedAccountId:reference! ConvertedOpportunityId:reference! ConvertedDate:date! ${TANDEM}`,
  Contact:
    'Email:email FirstName:string LastName:string AccountId:reference MailingCountry:string MailingState:string ' +
    `OwnerId:reference HasOptedOutOfEmail:boolean Phone:string Title:string ${TANDEM}`,
  Account: 'Name:string OwnerId:reference',
  Opportunity:
    'Name:string StageName:picklist IsClosed:boolean! IsWon:boolean! CloseDate:date OwnerId:reference ' +
    'AccountId:reference Amount:double',
  OpportunityStage:
    'ApiName:string! MasterLabel:string! IsClosed:boolean! IsWon:boolean! IsActive:boolean! SortOrder:double!',
  OpportunityContactRole: 'OpportunityId:reference ContactId:reference IsPrimary:boolean Role:picklist',
  Task:
    'WhoId:reference WhatId:reference OwnerId:reference Subject:string Description:textarea Status:picklist ' +
    'Priority:picklist ActivityDate:date Type:picklist TaskSubtype:picklist',
};

export const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];
export const PREFIXES: Record<string, string> = {
  User: '005',
  Lead: '00Q',
  Contact: '003',
  Account: '001',
  Opportunity: '006',
  OpportunityStage: '01J',
  OpportunityContactRole: '00K',
  Task: '00T',
};

function parse(spec: string): FieldDef[] {
  return spec
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => {
      const readOnly = part.endsWith('!');
      const [name = '', type = 'string'] = part.replace('!', '').split(':');
      const def: FieldDef = { name, type: type as FieldType, updateable: !readOnly };
      if (name === 'Tandem_Lifecycle__c') def.picklist = LIFECYCLE;
      if (name === 'Status' && spec === SPECS.Lead) def.picklist = LEAD_STATUSES;
      return def;
    });
}

export const SCHEMA: Record<string, FieldDef[]> = Object.fromEntries(
  Object.entries(SPECS).map(([type, spec]) => [type, [...parse(SYSTEM), ...parse(spec)]]),
);

/** The sObject's canonical name (API names are case-insensitive), or null when the org has no such object. */
export function sobjectName(name: string): string | null {
  const lower = name.toLowerCase();
  return Object.keys(SCHEMA).find((type) => type.toLowerCase() === lower) ?? null;
}

/** A field of `sobject` by case-insensitive name. */
export function fieldOf(sobject: string, name: string): FieldDef | null {
  const lower = name.toLowerCase();
  return SCHEMA[sobject]?.find((f) => f.name.toLowerCase() === lower) ?? null;
}
