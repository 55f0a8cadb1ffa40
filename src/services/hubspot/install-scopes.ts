/**
 * What the app asks for at install (and declares in the project's `auth.requiredScopes`): contacts
 * both ways, our property group and properties, deals/pipelines and owners read, tasks (written as
 * contact engagements), timeline events, workflow actions and unsubscribe write-back.
 */
export const HUBSPOT_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'timeline',
  'automation',
  'communication_preferences.read',
  'communication_preferences.write',
] as const;
