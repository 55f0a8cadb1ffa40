// Org metadata read at install and setup: Users as owners, OpportunityStage as the one deal pipeline,
// and whether our custom fields exist on Lead and Contact. Pure: raw zod schemas and mappers.
import { z } from 'zod';
import type { CanonicalOwner, CanonicalPipeline } from '../contract';

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Deals live in one pipeline: Salesforce has one stage list for every opportunity. */
export const OPPORTUNITY_PIPELINE = { id: 'opportunities', label: 'Opportunities' } as const;

/** Our custom fields, on Lead and on Contact alike (manifest/salesforce deploys them). */
export const TANDEM_FIELDS = [
  'Tandem_Score__c',
  'Tandem_Band__c',
  'Tandem_Sequence_Status__c',
  'Tandem_Last_Step__c',
  'Tandem_Next_Step_At__c',
  'Tandem_Lifecycle__c',
  'Tandem_Time_Zone__c',
] as const;

export const USER_FIELDS = ['Id', 'IsActive', 'Email', 'FirstName', 'LastName'] as const;
export const STAGE_FIELDS = ['ApiName', 'MasterLabel', 'IsActive', 'IsClosed', 'IsWon', 'SortOrder'] as const;

const text = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export const rawUser = z.object({
  Id: z.string().min(15),
  IsActive: z.boolean(),
  Email: z.string().nullish(),
  FirstName: z.string().nullish(),
  LastName: z.string().nullish(),
});

/** A User owns records; an inactive one still does (kept, archived), as HubSpot's archived owners. */
export function toCanonicalOwner(input: unknown): Mapped<CanonicalOwner> {
  const parsed = rawUser.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'malformed user' };
  const u = parsed.data;
  return {
    ok: true,
    value: {
      externalId: u.Id,
      userId: u.Id, // the owner is the user itself (HubSpot has two ids, Salesforce one)
      email: text(u.Email)?.toLowerCase() ?? null,
      firstName: text(u.FirstName),
      lastName: text(u.LastName),
      archived: !u.IsActive,
    },
  };
}

export const rawStage = z.object({
  ApiName: z.string().min(1),
  MasterLabel: z.string().nullish(),
  IsActive: z.boolean(),
  IsClosed: z.boolean(),
  IsWon: z.boolean(),
  SortOrder: z.number().nullish(),
});

/**
 * The stages in SortOrder. Inactive stages stay listed (labelled so): old opportunities can still sit
 * in one, and a deal rule must know whether it is closed or won. Malformed rows are skipped and counted.
 */
export function toCanonicalPipeline(rows: unknown[]): { pipeline: CanonicalPipeline; skipped: number } {
  const stages = rows.flatMap((row) => {
    const parsed = rawStage.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
  const order = (s: z.infer<typeof rawStage>) => s.SortOrder ?? Number.MAX_SAFE_INTEGER;
  stages.sort((a, b) => order(a) - order(b) || a.ApiName.localeCompare(b.ApiName));
  return {
    pipeline: {
      ...OPPORTUNITY_PIPELINE,
      stages: stages.map((s) => {
        const label = text(s.MasterLabel) ?? s.ApiName;
        return {
          id: s.ApiName, // Opportunity.StageName holds the ApiName
          label: s.IsActive ? label : `${label} (inactive)`,
          closed: s.IsClosed,
          won: s.IsWon,
        };
      }),
    },
    skipped: rows.length - stages.length,
  };
}

export const rawDescribe = z.object({
  name: z.string(),
  fields: z.array(z.object({ name: z.string(), updateable: z.boolean().optional() })),
});

export type FieldCheck = { sobject: string; missing: string[]; readOnly: string[] };

/**
 * Which of our fields the describe lacks, and which the connected user cannot edit (field-level
 * security: the permission set is not assigned). Describe names are matched case-insensitively.
 */
export function checkTandemFields(input: unknown): Mapped<FieldCheck> {
  const parsed = rawDescribe.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'malformed describe result' };
  const byName = new Map(parsed.data.fields.map((f) => [f.name.toLowerCase(), f]));
  const missing: string[] = [];
  const readOnly: string[] = [];
  for (const name of TANDEM_FIELDS) {
    const field = byName.get(name.toLowerCase());
    if (!field) missing.push(name);
    else if (field.updateable === false) readOnly.push(name);
  }
  return { ok: true, value: { sobject: parsed.data.name, missing, readOnly } };
}
