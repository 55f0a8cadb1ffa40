import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { contacts, installations } from '../../db/schema';
import { type LifecycleMove, lifecycleMove, type StageOption } from '../../domain/crm/lifecycle';

/**
 * Whether a lifecycle write for this contact goes ahead: the portal's stage order (read at install)
 * and the contact's current stage (as synced); `settings.lifecycle.allowBackward` lifts the rule.
 */
export async function checkLifecycleMove(
  tx: Queryable,
  params: { installationId: string; contactId: string; stage: string },
): Promise<LifecycleMove> {
  const [inst] = await tx
    .select({ settings: installations.settings })
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
  const current = contact?.properties.lifecyclestage;
  return lifecycleMove(
    Array.isArray(settings.hubspot?.lifecycleStages) ? settings.hubspot.lifecycleStages : [],
    typeof current === 'string' && current !== '' ? current : null,
    params.stage,
    settings.lifecycle?.allowBackward === true,
  );
}
