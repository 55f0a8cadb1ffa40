// Raw rows of the SOQL queries the pull makes. REST answers JSON (booleans, nulls); Bulk 2.0 answers
// CSV, where every value is a string and an empty cell is null: the preprocessors accept both.
import { z } from 'zod';

const text = z.preprocess((v) => (v === '' || v === undefined ? null : v), z.string().nullable());
const flag = z.preprocess((v) => {
  if (v === 'true') return true;
  if (v === 'false' || v === '' || v === null || v === undefined) return false;
  return v;
}, z.boolean());
const id = z.string().min(15);

const person = {
  Id: id,
  Email: text,
  FirstName: text,
  LastName: text,
  OwnerId: text,
  HasOptedOutOfEmail: flag,
  Tandem_Lifecycle__c: text,
  Tandem_Time_Zone__c: text,
  SystemModstamp: z.string(),
};

export const rawLead = z.looseObject({
  ...person,
  Company: text,
  Country: text,
  State: text,
  Status: text,
  IsConverted: flag,
  ConvertedContactId: text,
});
export const rawContact = z.looseObject({ ...person, MailingCountry: text, MailingState: text });
export const rawOpportunity = z.looseObject({ Id: id, StageName: z.string(), SystemModstamp: z.string() });
export const rawContactRole = z.looseObject({
  Id: id,
  OpportunityId: id,
  ContactId: text,
  IsDeleted: flag,
  SystemModstamp: z.string(),
});
export const rawIdRow = z.looseObject({ Id: id });

export type RawLead = z.infer<typeof rawLead>;
export type RawContact = z.infer<typeof rawContact>;
export type RawOpportunity = z.infer<typeof rawOpportunity>;
export type RawContactRole = z.infer<typeof rawContactRole>;

/** The objects the pull reads, keyset-paged by SystemModstamp, Id. */
export type PullObject = 'Lead' | 'Contact' | 'Opportunity' | 'OpportunityContactRole';

/** The fields each query selects (the schema above, in its order). */
export const FIELDS: Record<PullObject, readonly string[]> = {
  Lead: Object.keys(rawLead.shape),
  Contact: Object.keys(rawContact.shape),
  Opportunity: Object.keys(rawOpportunity.shape),
  OpportunityContactRole: Object.keys(rawContactRole.shape),
};

export const SCHEMAS = {
  Lead: rawLead,
  Contact: rawContact,
  Opportunity: rawOpportunity,
  OpportunityContactRole: rawContactRole,
} as const;
