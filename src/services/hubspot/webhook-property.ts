import { toIanaZone } from '../../../connectors/hubspot/mappers';
import type { ContactInput } from '../contacts';

type Columns = Omit<ContactInput, 'email' | 'externalId' | 'properties'>;

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/**
 * The contact columns a HubSpot property fills, the same way the sync maps a whole record
 * (connectors/hubspot/mappers toCanonicalContact). Every property is also kept, as sent, in
 * `contacts.properties` under its HubSpot name (lifecyclestage, hs_lead_status, hs_email_optout...).
 */
export function columnsFor(property: string, value: string): Columns {
  switch (property) {
    case 'firstname':
      return { firstName: orNull(value) };
    case 'lastname':
      return { lastName: orNull(value) };
    case 'company':
      return { company: orNull(value) };
    case 'country':
      return { country: orNull(value) };
    case 'state':
      return { region: orNull(value) };
    case 'hs_timezone':
      return { timeZone: toIanaZone(value) };
    case 'hubspot_owner_id':
      return { ownerId: orNull(value) };
    default:
      return {};
  }
}

/** hs_email_optout is a checkbox: HubSpot sends "true" / "false". */
export function isOptOut(property: string, value: string): boolean {
  return property === 'hs_email_optout' && value.trim().toLowerCase() === 'true';
}

export function normalEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return email.includes('@') ? email : null;
}
