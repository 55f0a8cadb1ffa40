import { and, eq, notInArray } from 'drizzle-orm';
import type { CanonicalOwner } from '../../../connectors/contract';
import type { Queryable } from '../../db/client';
import { crmOwners } from '../../db/schema';

/**
 * Replaces the installation's owners with the CRM's list: listed owners are upserted, owners no
 * longer listed are kept (contacts still name them) but marked archived.
 */
export async function storeOwners(
  db: Queryable,
  installationId: string,
  owners: CanonicalOwner[],
  now: Date,
): Promise<number> {
  await db.transaction(async (tx) => {
    for (const o of owners) {
      const row = {
        installationId,
        externalId: o.externalId,
        userId: o.userId,
        email: o.email,
        firstName: o.firstName,
        lastName: o.lastName,
        archived: o.archived,
        updatedAt: now,
      };
      await tx
        .insert(crmOwners)
        .values(row)
        .onConflictDoUpdate({ target: [crmOwners.installationId, crmOwners.externalId], set: row });
    }
    const listed = owners.map((o) => o.externalId);
    await tx
      .update(crmOwners)
      .set({ archived: true, updatedAt: now })
      .where(
        and(
          eq(crmOwners.installationId, installationId),
          eq(crmOwners.archived, false),
          ...(listed.length ? [notInArray(crmOwners.externalId, listed)] : []),
        ),
      );
  });
  return owners.length;
}
