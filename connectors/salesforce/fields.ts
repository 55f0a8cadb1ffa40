// Our outbox property names (HubSpot's, as the writers store them) to Salesforce fields. The
// custom fields are the ones manifest/salesforce deploys on Lead and Contact.
export type Person = 'Lead' | 'Contact';
export type FieldValue = string | number | boolean | null;

const CUSTOM: Record<string, string> = {
  tandem_score: 'Tandem_Score__c',
  tandem_band: 'Tandem_Band__c',
  tandem_sequence_status: 'Tandem_Sequence_Status__c',
  tandem_last_step: 'Tandem_Last_Step__c',
  tandem_next_step_at: 'Tandem_Next_Step_At__c',
  lifecycle_stage: 'Tandem_Lifecycle__c',
  lifecyclestage: 'Tandem_Lifecycle__c',
};
const LEAD_ONLY: Record<string, string> = { lead_status: 'Status', hs_lead_status: 'Status' };
// Standard fields a writer may name as they are (PascalCase is Salesforce's, never ours).
const STANDARD = /^[A-Z][A-Za-z0-9]*$/;
const CUSTOM_FIELD = /^[A-Za-z][A-Za-z0-9_]*__c$/;

function valueFor(field: string, value: FieldValue): FieldValue {
  if (value === '' || value === null) return null;
  if (field === 'Tandem_Score__c') {
    const n = Number(value);
    return Number.isFinite(n) ? Math.round(n) : null;
  }
  if (field === 'Tandem_Next_Step_At__c') {
    const at = typeof value === 'number' ? new Date(value) : new Date(String(value));
    return Number.isNaN(at.getTime()) ? null : at.toISOString();
  }
  return value;
}

/**
 * The fields to write on a Lead or a Contact, and the names we drop: a lead status on a Contact
 * (Contacts have none) and lower-case names we do not know.
 */
export function salesforceFields(
  sobject: Person,
  properties: Readonly<Record<string, FieldValue>>,
): { fields: Record<string, FieldValue>; dropped: string[] } {
  const fields: Record<string, FieldValue> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(properties)) {
    const field =
      CUSTOM[name] ??
      (sobject === 'Lead' ? LEAD_ONLY[name] : undefined) ??
      (CUSTOM_FIELD.test(name) || STANDARD.test(name) ? name : undefined);
    if (!field || field === 'Id') dropped.push(name);
    else fields[field] = valueFor(field, value);
  }
  return { fields, dropped };
}
