// Pure: raw Lead / Contact / Opportunity (+ its contact roles) rows to canonical records.
import type { CanonicalContact, CanonicalDeal } from '../contract';
import type { RawContact, RawContactRole, RawLead, RawOpportunity } from './schemas';

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Salesforce's one pipeline: the opportunity stages (setup stores them under this id). */
export const OPPORTUNITY_PIPELINE = 'opportunities';

const clean = (v: string | null) => (v === null || v.trim() === '' ? null : v.trim());

/** `2026-03-02T14:00:00.000+0000` -> ISO 8601 UTC; null when it is not a datetime. */
export function modstampIso(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A time zone we can send in, or none (a wrong zone is worse than the country's default). */
export function ianaZone(value: string | null): string | null {
  const v = clean(value);
  if (!v) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return v;
  } catch {
    return null;
  }
}

type Person = { sobject: 'Lead'; row: RawLead } | { sobject: 'Contact'; row: RawContact };

/** A Lead or Contact as a contact of ours. A converted Lead is not one: see the conversion service. */
export function toCanonicalContact(input: Person): Mapped<CanonicalContact> {
  const { row } = input;
  const updatedAt = modstampIso(row.SystemModstamp);
  if (!updatedAt) return { ok: false, reason: `${input.sobject} ${row.Id}: bad SystemModstamp` };
  const email = clean(row.Email)?.toLowerCase();
  if (!email) return { ok: false, reason: `${input.sobject} ${row.Id}: no email` };
  const lead = input.sobject === 'Lead' ? input.row : null;
  const contact = input.sobject === 'Contact' ? input.row : null;
  const properties: Record<string, unknown> = {
    sobject: input.sobject,
    email,
    FirstName: row.FirstName,
    LastName: row.LastName,
    OwnerId: row.OwnerId,
    SystemModstamp: row.SystemModstamp,
    HasOptedOutOfEmail: row.HasOptedOutOfEmail,
    Tandem_Lifecycle__c: row.Tandem_Lifecycle__c,
    Tandem_Time_Zone__c: row.Tandem_Time_Zone__c,
    ...(lead
      ? {
          Company: lead.Company,
          Country: lead.Country,
          State: lead.State,
          Status: lead.Status,
          IsConverted: lead.IsConverted,
          ConvertedContactId: lead.ConvertedContactId,
        }
      : { MailingCountry: contact?.MailingCountry ?? null, MailingState: contact?.MailingState ?? null }),
  };
  return {
    ok: true,
    value: {
      externalId: row.Id,
      email,
      firstName: clean(row.FirstName),
      lastName: clean(row.LastName),
      company: lead ? clean(lead.Company) : null,
      country: clean(lead ? lead.Country : (contact?.MailingCountry ?? null)),
      region: clean(lead ? lead.State : (contact?.MailingState ?? null)),
      timeZone: ianaZone(row.Tandem_Time_Zone__c),
      ownerId: clean(row.OwnerId),
      lifecycleStage: clean(row.Tandem_Lifecycle__c),
      properties,
      updatedAt,
    },
  };
}

/**
 * An Opportunity and its contact roles (deleted ones included, read with queryAll: a removed role
 * moves the version on, so the deal rules see the change as newer). Links: the live roles' contacts.
 */
export function toCanonicalDeal(
  opp: RawOpportunity,
  roles: readonly RawContactRole[],
): Mapped<CanonicalDeal> {
  const stamps = [opp.SystemModstamp, ...roles.map((r) => r.SystemModstamp)].map((s) => Date.parse(s));
  if (stamps.some((s) => Number.isNaN(s)))
    return { ok: false, reason: `Opportunity ${opp.Id}: bad SystemModstamp` };
  const contacts = roles
    .filter((r) => !r.IsDeleted && r.OpportunityId === opp.Id)
    .flatMap((r) => r.ContactId ?? []);
  return {
    ok: true,
    value: {
      externalId: opp.Id,
      pipelineId: OPPORTUNITY_PIPELINE,
      stageId: opp.StageName,
      contactExternalIds: [...new Set(contacts)],
      updatedAt: new Date(Math.max(...stamps)).toISOString(),
    },
  };
}
