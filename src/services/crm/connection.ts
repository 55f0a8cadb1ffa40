import { and, eq, isNotNull, isNull, ne, or } from 'drizzle-orm';
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

export type ConnectedCrm = 'hubspot' | 'salesforce';

/** Installations of `crm` whose pulls and pushes may run: with credentials, not disconnected. */
export const liveInstallations = (crm: ConnectedCrm) =>
  and(
    eq(installations.crm, crm),
    isNotNull(installations.credentialsSealed),
    or(isNull(installations.connectionStatus), ne(installations.connectionStatus, 'disconnected')),
  );

export async function isLiveInstallation(db: Queryable, installationId: string, crm: ConnectedCrm) {
  const [row] = await db
    .select({ id: installations.id })
    .from(installations)
    .where(and(eq(installations.id, installationId), liveInstallations(crm)));
  return Boolean(row);
}

/** An installation of `crm` that is not disconnected (the outbox drains skip the others). */
export async function isConnectedTo(db: Queryable, installationId: string, crm: ConnectedCrm) {
  const [row] = await db
    .select({ crm: installations.crm, status: installations.connectionStatus })
    .from(installations)
    .where(eq(installations.id, installationId));
  return row?.crm === crm && row.status !== 'disconnected';
}
