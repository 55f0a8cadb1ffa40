import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, installations } from '../../db/schema';
import { type LifecycleMove, lifecycleMove, type StageOption } from '../../domain/crm/lifecycle';

// The Tandem_Lifecycle__c picklist manifest/salesforce deploys, in order (HubSpot's stage order).
const SALESFORCE_STAGES: StageOption[] = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
].map((value, displayOrder) => ({ value, displayOrder }));

/**
 * Whether a lifecycle write for this contact goes ahead: the portal's stage order (read at install;
 * Salesforce: our picklist's order)
 * and the contact's current stage (as synced); `settings.lifecycle.allowBackward` lifts the rule.
 */
export async function checkLifecycleMove(
  tx: Queryable,
  params: { installationId: string; contactId: string; stage: string },
): Promise<LifecycleMove> {
  const [inst] = await tx
    .select({ settings: installations.settings, crm: installations.crm })
    .from(installations)
    .where(eq(installations.id, params.installationId));
  const [contact] = await tx
    .select({ properties: contacts.properties })
    .from(contacts)
    .where(and(eq(contacts.installationId, params.installationId), eq(contacts.id, params.contactId)));
  const settings = (inst?.settings ?? {}) as {
    hubspot?: { lifecycleStages?: StageOption[] };
    lifecycle?: { allowBackward?: boolean };
  };
  const salesforce = inst?.crm === 'salesforce';
  const current = salesforce ? contact?.properties.Tandem_Lifecycle__c : contact?.properties.lifecyclestage;
  const stages = salesforce ? SALESFORCE_STAGES : settings.hubspot?.lifecycleStages;
  return lifecycleMove(
    Array.isArray(stages) ? stages : [],
    typeof current === 'string' && current !== '' ? current : null,
    params.stage,
    settings.lifecycle?.allowBackward === true,
  );
}
