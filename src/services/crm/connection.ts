import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client';
import { installations } from '../../db/schema';

/** The CRM revoked us: keep the row (and its data), stop using it, say why. Any CRM. */
export async function markDisconnected(
  db: Queryable,
  installationId: string,
  reason: string,
  at: Date,
): Promise<void> {
  await db
    .update(installations)
    .set({ connectionStatus: 'disconnected', disconnectedReason: reason, disconnectedAt: at })
    .where(eq(installations.id, installationId));
}
